import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemInfo } from '#shared/api/system';
import { BACKEND_NAMES } from '#shared/config/run-config';
import type { EventBus } from '../../../src-main/backend/events';
import type { RunningHttpServer } from '../../../src-main/backend/http/server';
import { createBackendService } from '../../../src-main/backend/service';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { serveApi } from '../serve-api';

let server: RunningHttpServer;
let events: EventBus;
// Its own data directory: a fixed /tmp path is shared with every other checkout on the machine.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mdm-http-'));

beforeAll(async () => {
  const service = createBackendService({
    dataDir,
    probeBackends: probeComputeBackends,
  });
  events = service.events;
  server = await serveApi(service);
});
afterAll(() => server.close());

function call(name: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${server.token}`,
      'Content-Type': 'application/json',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('HTTP transport', () => {
  it('answers system-info with the real system', async () => {
    const response = await call('system-info', {});
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: true; result: SystemInfo };
    expect(body.result.transport).toBe('http');
    expect(body.result.nodeVersion).toBe(process.versions.node);
    expect(body.result.dataDir).toBe(dataDir);
    expect(body.result.backends.map((b) => b.name)).toEqual([...BACKEND_NAMES]);
    const webgpu = body.result.backends.find((b) => b.name === 'webgpu')!;
    expect(webgpu.available).toBe(body.result.gpuAdapter !== null);
    if (!webgpu.available) expect(webgpu.enable).toMatch(/install/);
  });

  it('refuses a request without the token with 401', async () => {
    const response = await fetch(`${server.url}/api/system-info`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('refuses a wrong token with 401', async () => {
    const response = await call('system-info', {}, { Authorization: 'Bearer nope' });
    expect(response.status).toBe(401);
  });

  it('answers a malformed payload with 400 naming the field', async () => {
    const response = await call('system-info', { verbose: 1 });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toBe('verbose: is not a known field');
  });

  it('answers invalid JSON with 400', async () => {
    const response = await call('system-info', '{not json');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { message: 'request body is not valid JSON' },
    });
  });

  it('answers an unknown handler with 404', async () => {
    const response = await call('runs-explode', {});
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { message: "unknown handler 'runs-explode'" },
    });
  });

  it('refuses other origins with 403', async () => {
    const response = await call('system-info', {}, { Origin: 'http://evil.example' });
    expect(response.status).toBe(403);
  });

  it('refuses a rebinding Host header with 403', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/api/system-info',
          method: 'POST',
          headers: { Host: 'evil.example' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('streams events as server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/events?token=${server.token}`, {
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    await reader.read(); // the ': connected' comment
    events.emit('checkpoint-saved', { runId: 1, step: 7 });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe(
      'id: 1\nevent: checkpoint-saved\ndata: {"runId":1,"step":7}\n\n',
    );
    controller.abort();
  });

  it('says plainly when the UI is not built', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(503);
  });
});
