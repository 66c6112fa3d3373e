import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventBus } from '../events';

export interface EventStreamOptions {
  /** Streams open at once; more are answered 503 (default 128). */
  maxClients?: number;
  /** Events kept for clients that reconnect with Last-Event-ID (default 4096). */
  replayEvents?: number;
  /** Bytes a client may leave unread before it is dropped; it reconnects and replays (default 256 KiB). */
  maxBacklogBytes?: number;
  heartbeatMs?: number;
}

interface Sent {
  id: number;
  text: string;
}

/**
 * The event bus as server-sent events with ids: a bounded replay buffer lets a client that was
 * dropped (too slow) or lost its connection resume from Last-Event-ID without loss, and a client
 * that stops reading is dropped once its backlog passes a bound, so memory stays bounded.
 */
export class EventStream {
  /** This stream's identity, sent on connect: ids restart at 1 when the server restarts. */
  readonly instance = randomUUID();
  private nextId = 1;
  private readonly replay: Sent[] = [];
  private readonly clients = new Set<ServerResponse>();
  private readonly unsubscribe: () => void;
  private readonly maxClients: number;
  private readonly replayEvents: number;
  private readonly maxBacklogBytes: number;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(events: EventBus, options: EventStreamOptions = {}) {
    this.maxClients = options.maxClients ?? 128;
    this.replayEvents = options.replayEvents ?? 4096;
    this.maxBacklogBytes = options.maxBacklogBytes ?? 256 * 1024;
    this.unsubscribe = events.subscribe((name, payload) => {
      const id = this.nextId++;
      const sent = { id, text: `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(payload)}\n\n` };
      this.replay.push(sent);
      if (this.replay.length > this.replayEvents) this.replay.shift();
      for (const res of this.clients) this.send(res, sent.text);
    });
    this.heartbeat = setInterval(() => {
      for (const res of this.clients) this.send(res, ': heartbeat\n\n');
    }, options.heartbeatMs ?? 15_000).unref();
  }

  /** Streams open now. */
  get size(): number {
    return this.clients.size;
  }

  /**
   * Answers GET /api/events: replays what the client missed (Last-Event-ID), then streams; false
   * when refused. A client that names another `instance` (the server restarted since) gets all kept.
   */
  open(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (this.clients.size >= this.maxClients) return false;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(`: connected\n: instance ${this.instance}\n\n`);
    const seen = url.searchParams.get('instance');
    const last =
      seen !== null && seen !== this.instance
        ? 0
        : Number(req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? NaN);
    if (Number.isSafeInteger(last) && last >= 0) {
      const oldest = this.replay[0]?.id ?? this.nextId;
      if (last + 1 < oldest) {
        res.write(
          `: events ${last + 1} to ${oldest - 1} are no longer kept: reload to catch up\n\n`,
        );
      }
      for (const sent of this.replay) if (sent.id > last) res.write(sent.text);
    }
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    res.on('close', drop);
    req.on('close', drop);
    return true;
  }

  /** Ends every stream and stops listening. */
  close(): void {
    this.unsubscribe();
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private send(res: ServerResponse, text: string): void {
    if (res.writableLength > this.maxBacklogBytes) {
      // Too slow: drop it, so its unread events do not pile up here; it resumes from Last-Event-ID.
      this.clients.delete(res);
      res.destroy();
      return;
    }
    res.write(text);
  }
}
