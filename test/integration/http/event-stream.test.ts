import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/backend/events';
import { EventStream } from '../../../src-main/backend/http/event-stream';

/** The event stream's bounds on a real HTTP server: drop of a stalled client, the stream cap, replay by id. */
let closeAll: (() => void)[] = [];
afterEach(() => {
  for (const close of closeAll) close();
  closeAll = [];
});

async function streamServer(options: ConstructorParameters<typeof EventStream>[1]) {
  const events = new EventBus();
  const stream = new EventStream(events, options);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!stream.open(req, res, url)) {
      res.writeHead(503);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeAll.push(() => {
    stream.close();
    server.closeAllConnections();
    server.close();
  });
  return { events, stream, port: (server.address() as AddressInfo).port };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('EventStream', () => {
  it('drops a client that stops reading once its backlog passes the bound', async () => {
    const { events, stream, port } = await streamServer({ maxBacklogBytes: 64 * 1024 });
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(`GET /events HTTP/1.1\r\nHost: x\r\n\r\n`);
    socket.pause();
    await tick(200);
    expect(stream.size).toBe(1);
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 2000 && stream.size > 0; i++) {
      events.emit('run-progressed', { runId: 1, step: i, total: big.length });
      events.emit('run-event-added', { id: i, runId: 1, time: 0, level: 'info', message: big });
      await tick(0);
    }
    expect(stream.size).toBe(0);
    socket.destroy();
  });

  it('refuses streams past the cap', async () => {
    const { port } = await streamServer({ maxClients: 1 });
    const first = new AbortController();
    const ok = await fetch(`http://127.0.0.1:${port}/events`, { signal: first.signal });
    expect(ok.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/events`)).status).toBe(503);
    first.abort();
  });

  it('replays the events after Last-Event-ID, each once, in order', async () => {
    const { events, port } = await streamServer({ replayEvents: 10 });
    for (let step = 1; step <= 5; step++)
      events.emit('run-progressed', { runId: 1, step, total: 5 });
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/events`, {
      headers: { 'Last-Event-ID': '2' },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let text = '';
    while ((text.match(/^id: /gm) ?? []).length < 3) {
      text += new TextDecoder().decode((await reader.read()).value);
    }
    controller.abort();
    expect([...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([3, 4, 5]);
  });
});
