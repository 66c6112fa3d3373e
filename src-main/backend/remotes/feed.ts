import type { Remote } from './registry';

/** What a feed reports: the remote's events, and whether its stream is connected. */
export interface FeedListener {
  event(name: string, payload: unknown): void;
  status(online: boolean, error: string | null): void;
}

/** The reason a fetch failed, in words (undici hides it in `cause`). */
export function fetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return (error.cause as Error | undefined)?.message ?? error.message;
}

/**
 * Follows one remote server's event stream (GET /api/events with its token) for as long as it is
 * not stopped: a dropped link reconnects every `retryMs` and resumes after the last event id it
 * saw (Last-Event-ID), so nothing is lost or repeated; a restarted server (another `instance`)
 * replays what it has kept since it started.
 */
export class RemoteFeed {
  private lastId: number | null = null;
  private instance: string | null = null;
  private online: boolean | null = null;
  private readonly abort = new AbortController();

  constructor(
    private readonly remote: Remote,
    private readonly listener: FeedListener,
    private readonly retryMs = 1000,
  ) {
    void this.loop();
  }

  /** Whether the stream is connected now. */
  get connected(): boolean {
    return this.online === true;
  }

  stop(): void {
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let why = 'its event stream ended';
      try {
        await this.follow();
      } catch (error) {
        why = fetchFailure(error);
      }
      if (this.abort.signal.aborted) return;
      this.report(false, `offline: ${why}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.retryMs);
        this.abort.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async follow(): Promise<void> {
    const query = this.instance === null ? '' : `?instance=${encodeURIComponent(this.instance)}`;
    const response = await fetch(`${this.remote.url}/api/events${query}`, {
      headers: {
        Authorization: `Bearer ${this.remote.token}`,
        Accept: 'text/event-stream',
        ...(this.lastId === null ? {} : { 'Last-Event-ID': String(this.lastId) }),
      },
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(
        response.status === 401 ? 'it refused the token' : `it answered ${response.status}`,
      );
    }
    this.report(true, null);
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.message(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  /** One SSE message: `id:`, `event:`, `data:` fields or `:` comments (the instance is one). */
  private message(block: string): void {
    let id: number | null = null;
    let name = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(': instance ')) this.instance = line.slice(': instance '.length);
      else if (line.startsWith('id: ')) id = Number(line.slice(4));
      else if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (id === null || data === '') return;
    this.lastId = id;
    this.listener.event(name, JSON.parse(data) as unknown);
  }

  private report(online: boolean, error: string | null): void {
    if (this.online === online) return;
    this.online = online;
    this.listener.status(online, error);
  }
}
