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
function unwrap<T>(envelope: Envelope<unknown>): T {
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
    const query = this.token === undefined ? '' : `?token=${encodeURIComponent(this.token)}`;
    this.source ??= new EventSource(`${this.baseUrl}/api/events${query}`);
    const handler = (event: MessageEvent<string>) => callback(JSON.parse(event.data) as Events[E]);
    this.source.addEventListener(name, handler);
    return () => this.source?.removeEventListener(name, handler);
  }
}
