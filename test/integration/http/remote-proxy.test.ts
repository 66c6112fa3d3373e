import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/backend/dispatch';
import { EventBus } from '../../../src-main/backend/events';
import { EventStream } from '../../../src-main/backend/http/event-stream';
import { RemoteFeed } from '../../../src-main/backend/remotes/feed';
import { saveRemote } from '../../../src-main/backend/remotes/registry';
import { startServe } from '../../../src-main/backend/serve';
import { tempHome, toyConfig } from '../runs/support';

type Serve = Awaited<ReturnType<typeof startServe>>;
const localHome = tempHome('proxy-local');
let local: Serve;
let remote: Serve;

/** POST /api/<name> on a server, with `token` as Bearer when given; the status and the raw body. */
async function call(server: Serve, name: string, body: unknown, token?: string) {
  const response = await fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const waitFor = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!ok()) throw new Error(`waited in vain for ${what}`);
};

beforeAll(async () => {
  local = await startServe({ host: '127.0.0.1', port: 0, dataDir: localHome });
  remote = await startServe({ host: '127.0.0.1', port: 0, dataDir: tempHome('proxy-remote') });
  const created = await dispatch(remote.service.handlers('http'), 'runs-create', {
    config: toyConfig({ name: 'far-away', steps: 20 }),
  });
  expect(created.ok).toBe(true);
});
afterAll(async () => {
  await local?.close();
  await remote?.close();
});

describe('the remote-server proxy of mdm serve', () => {
  it('needs the local token, proxies with the remote token and never sends that token to the browser', async () => {
    const add = { name: 'gpu', url: remote.url, token: remote.token };
    expect((await call(local, 'servers-add', add)).status).toBe(401);
    const wrong = await call(local, 'servers-add', { ...add, token: 'not-it' }, local.token);
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('server gpu: missing or wrong token');

    const streamed = new AbortController();
    const events = await fetch(`${local.url}/api/events`, {
      headers: { Authorization: `Bearer ${local.token}` },
      signal: streamed.signal,
    });
    const added = await call(local, 'servers-add', add, local.token);
    expect(added.status).toBe(200);
    expect(JSON.parse(added.text)).toMatchObject({ ok: true, result: { name: 'gpu' } });
    const listed = await call(local, 'servers-list', {}, local.token);
    expect(JSON.parse(listed.text).result).toEqual([
      expect.objectContaining({ name: 'gpu', url: remote.url }),
    ]);

    expect(
      (await call(local, 'remote-invoke', { server: 'gpu', name: 'runs-list', request: {} }))
        .status,
    ).toBe(401);
    const runs = await call(
      local,
      'remote-invoke',
      { server: 'gpu', name: 'runs-list', request: {} },
      local.token,
    );
    expect(JSON.parse(runs.text).result.result.runs.map((r: { name: string }) => r.name)).toEqual([
      'far-away',
    ]);
    const chained = await call(
      local,
      'remote-invoke',
      { server: 'gpu', name: 'servers-list', request: {} },
      local.token,
    );
    expect(chained.status).toBe(400);

    // Servers that follow each other: each forwards the other's own events only, never echoes.
    const onRemote: string[] = [];
    const off = remote.service.events.subscribe((name, payload) => {
      if (name === 'remote-event')
        onRemote.push(`${payload.name} ${JSON.stringify(payload.payload)}`);
      if (name === 'server-status-changed' && payload.online) onRemote.push('laptop online');
    });
    const back = await call(
      remote,
      'servers-add',
      { name: 'laptop', url: local.url, token: local.token },
      remote.token,
    );
    expect(back.status).toBe(200);
    await waitFor('the remote to follow this server', () => onRemote.includes('laptop online'));

    // The remote's events reach the local stream, wrapped; its token never does.
    remote.service.events.emit('checkpoint-saved', { runId: 1, step: 99 });
    const reader = events.body!.getReader();
    let text = '';
    const readUntil = async (marker: string) => {
      while (!text.includes(marker)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil('"step":99');
    // A marker behind it on this server's stream: by the time the remote has it, it has seen the
    // forwarded step 99 (one ordered stream), and would have echoed it back before the marker.
    local.service.events.emit('checkpoint-saved', { runId: 1, step: 555 });
    await waitFor('the marker on the remote', () => onRemote.some((e) => e.includes('"step":555')));
    remote.service.events.emit('checkpoint-saved', { runId: 1, step: 556 });
    await readUntil('"step":556');
    off();
    streamed.abort();
    expect(onRemote.filter((e) => e !== 'laptop online')).toEqual([
      'checkpoint-saved {"runId":1,"step":555}',
    ]);
    expect(text).toMatch(/event: remote-event\ndata: \{"server":"gpu","name":"checkpoint-saved"/);
    expect(text).not.toContain('"name":"remote-event"');
    for (const body of [added.text, listed.text, runs.text, text])
      expect(body).not.toContain(remote.token);
  });

  it("downloads a remote run's export through the local server, named after its server", async () => {
    const url = `${local.url}/api/download?server=gpu&runId=1&what=metrics-csv`;
    expect((await fetch(url)).status).toBe(401);
    const response = await fetch(url, { headers: { Authorization: `Bearer ${local.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/filename="gpu-run-1-[^"]*\.csv"/);
    expect((await response.text()).split('\n')[0]).toMatch(/step/);
    const missing = await fetch(`${local.url}/api/download?server=gpu&runId=99&what=metrics-csv`, {
      headers: { Authorization: `Bearer ${local.token}` },
    });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('server gpu: ');
  });

  it('answers a call to a server that is down with 200 and its envelope: unavailable, named (a browser logs no failed request)', async () => {
    saveRemote(localHome, { name: 'gone', url: 'http://127.0.0.1:9', token: 'x' });
    const answer = await call(
      local,
      'remote-invoke',
      { server: 'gone', name: 'runs-list', request: {} },
      local.token,
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).result).toMatchObject({
      ok: false,
      error: {
        code: 'unavailable',
        message: expect.stringMatching(/^server gone .* is offline: /),
      },
    });
  });
});

/** An event stream on a port that can drop every connection, or restart as another instance. */
async function streamHost(port = 0) {
  const events = new EventBus();
  const stream = new EventStream(events);
  const server = http.createServer((req, res) => {
    stream.open(req, res, new URL(req.url ?? '/', 'http://x'));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    events,
    port: (server.address() as AddressInfo).port,
    dropLinks: () => server.closeAllConnections(),
    stop: () =>
      new Promise<void>((resolve) => {
        stream.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('RemoteFeed', () => {
  it('resumes after a dropped link from Last-Event-ID: every event once, in order; after a restart, the new instance from its start', async () => {
    let host = await streamHost();
    const steps: number[] = [];
    const statuses: boolean[] = [];
    const feed = new RemoteFeed(
      { name: 'box', url: `http://127.0.0.1:${host.port}`, token: 't' },
      {
        event: (_name, payload) => steps.push((payload as { step: number }).step),
        status: (online) => statuses.push(online),
      },
      50,
    );
    const emit = (step: number) => host.events.emit('run-progressed', { runId: 1, step, total: 9 });
    await waitFor('the feed to connect', () => feed.connected);
    emit(1);
    emit(2);
    await waitFor('steps 1 and 2', () => steps.length === 2);
    host.dropLinks();
    emit(3); // sent to nobody: the link is down
    emit(4);
    await waitFor('the replay of 3 and 4', () => steps.length === 4);
    emit(5);
    await waitFor('step 5', () => steps.length === 5);
    expect(steps).toEqual([1, 2, 3, 4, 5]);
    expect(statuses).toEqual([true, false, true]);

    const { port } = host;
    await host.stop();
    await waitFor('offline', () => !feed.connected);
    host = await streamHost(port);
    emit(6); // before the feed is back: kept by the new instance, replayed though its ids restart at 1
    await waitFor('step 6', () => steps.length === 6);
    emit(7);
    await waitFor('step 7', () => steps.length === 7);
    feed.stop();
    await host.stop();
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
