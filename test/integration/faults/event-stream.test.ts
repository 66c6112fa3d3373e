import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome, toyConfig, waitFor } from '../runs/support';
import { runEnded, serve, type Served } from './served';

/** Issue 14 problem 4: slow event readers are dropped, memory stays bounded, and a reconnect loses nothing. */
interface StreamEvent {
  id: number;
  name: string;
  data: string;
}

/** Reads /api/events (from `lastId` when given) until aborted; every event with its id, in order. */
function readEvents(served: Served, controller: AbortController, lastId?: number): StreamEvent[] {
  const events: StreamEvent[] = [];
  void (async () => {
    try {
      const response = await fetch(`${served.url}/api/events`, {
        headers: {
          Authorization: `Bearer ${served.token}`,
          ...(lastId === undefined ? {} : { 'Last-Event-ID': String(lastId) }),
        },
        signal: controller.signal,
      });
      const decoder = new TextDecoder();
      const reader = response.body!.getReader();
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (id && name && data) events.push({ id: Number(id), name, data });
        }
      }
    } catch {
      // aborted
    }
  })();
  return events;
}

/** A client that asks for the stream and never reads a byte of it. */
function stalledClient(served: Served): net.Socket {
  const { hostname, port } = new URL(served.url);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => {});
  socket.write(
    `GET /api/events?token=${served.token} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`,
  );
  socket.pause();
  return socket;
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const servers: Served[] = [];
afterAll(async () => {
  for (const served of servers) await served.kill();
});

describe('bounded event streams', () => {
  it('100 stalled clients over a 5,000-step toy run keep RSS within 150 MB; a reconnect with its last id gets every later event exactly once', async () => {
    const served = await serve(tempHome('faults-sse'));
    servers.push(served);
    const pid = served.mdm.child.pid!;
    const reference = readEvents(served, new AbortController());
    const steps = 5000;
    const { result } = await served.call<{ id: number }>('runs-create', {
      config: toyConfig({
        dataset: 'swiss-roll',
        steps,
        checkpointEvery: 1000,
      }),
    });
    const runId = result.id;
    await waitFor(
      'training to start',
      async () => (await served.call('runs-get', { runId })).result.run.progress.step >= 50,
      120_000,
      200,
    );
    const baseline = rssMb(pid);
    const started = Date.now();
    const stalled = Array.from({ length: 100 }, () => stalledClient(served));
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 250);

    // A reader that goes away mid-run and comes back with the last id it saw.
    const first = new AbortController();
    const before = readEvents(served, first);
    await waitFor('some events', () => before.length >= 20, 60_000);
    first.abort();
    const lastId = before.at(-1)!.id;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const after = readEvents(served, new AbortController(), lastId);

    const ended = await runEnded(served, runId, 1_500_000);
    expect(ended.run.status).toBe('completed');
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const dropped = stalled.filter((s) => s.destroyed || s.readableEnded).length;
    for (const socket of stalled) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const final = rssMb(pid);
    console.info(
      JSON.stringify({
        sse: {
          steps,
          seconds: Math.round((Date.now() - started) / 1000),
          events: reference.length,
        },
        rssMb: {
          baseline: Math.round(baseline),
          peak: Math.round(peak),
          afterClose: Math.round(final),
        },
        stalledClients: stalled.length,
        droppedByServer: dropped,
      }),
    );
    expect(peak - baseline).toBeLessThan(150);

    const later = reference.filter((e) => e.id > lastId);
    expect(later.length).toBeGreaterThan(0);
    const resumed = after.filter((e) => e.id <= reference.at(-1)!.id);
    expect(resumed.map((e) => e.id)).toEqual(later.map((e) => e.id));
    expect(resumed.map((e) => e.data)).toEqual(later.map((e) => e.data));
    expect(new Set(resumed.map((e) => e.id)).size).toBe(resumed.length);
  }, 1_800_000);
});
