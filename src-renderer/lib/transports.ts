/** The renderer's two transports of the contract (docs/contract.md §1); lib/api.ts picks one. */
import type { MdmBridge } from '#shared/api/bridge';
import type {
  EventName,
  Events,
  HandlerName,
  RequestOf,
  ResponseOf,
  Transport,
} from '#shared/api/contract';
import type { Envelope } from '#shared/api/errors';
import { MdmError } from '#shared/errors';

/** The result of a call, or its error rethrown as the MdmError it was: views branch on `code` (docs/contract.md §3). */
export function unwrap<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw MdmError.from(envelope.error);
  return envelope.result as T;
}

/** The Electron transport: the preload's `window.mdm` bridge over IPC. */
export class IpcTransport implements Transport {
  constructor(private readonly bridge: Pick<MdmBridge, 'invoke' | 'listen'>) {}

  async invoke<N extends HandlerName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
    return unwrap(await this.bridge.invoke(name, request));
  }

  listen<E extends EventName>(name: E, callback: (payload: Events[E]) => void): () => void {
    return this.bridge.listen(name, callback);
  }
}

/**
 * The `mdm serve` transport: POST /api/<handler>, events over SSE. In the browser the session cookie
 * authenticates; other clients (tests, scripts) pass the token, sent as a Bearer header.
 */
export class HttpTransport implements Transport {
  private source: EventSource | null = null;
  /** The last event id seen: a stream the browser gave up on reopens after it (?lastEventId=). */
  private lastId = '';
  private readonly handlers = new Set<[string, (event: MessageEvent<string>) => void]>();

  constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  async invoke<N extends HandlerName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
    const response = await fetch(`${this.baseUrl}/api/${name}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        ...(this.token === undefined ? {} : { Authorization: `Bearer ${this.token}` }),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(request),
    });
    return unwrap((await response.json()) as Envelope<unknown>);
  }

  listen<E extends EventName>(name: E, callback: (payload: Events[E]) => void): () => void {
    const entry: [string, (event: MessageEvent<string>) => void] = [
      name,
      (event) => {
        if (event.lastEventId) this.lastId = event.lastEventId;
        callback(JSON.parse(event.data) as Events[E]);
      },
    ];
    this.handlers.add(entry);
    this.source ??= this.open();
    this.source.addEventListener(name, entry[1]);
    return () => {
      this.handlers.delete(entry);
      this.source?.removeEventListener(name, entry[1]);
    };
  }

  /**
   * The event stream: after a dropped link the browser reconnects by itself with Last-Event-ID and
   * the server replays what was missed; a stream it gave up on (CLOSED) is reopened here.
   */
  private open(): EventSource {
    const query = new URLSearchParams();
    if (this.token !== undefined) query.set('token', this.token);
    if (this.lastId) query.set('lastEventId', this.lastId);
    const search = query.size > 0 ? `?${query.toString()}` : '';
    const source = new EventSource(`${this.baseUrl}/api/events${search}`);
    for (const [name, handler] of this.handlers) source.addEventListener(name, handler);
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      setTimeout(() => {
        if (this.source === source) this.source = this.open();
      }, 2000);
    };
    return source;
  }
}
