import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemInfo } from '#shared/api/system';
import type { RunningHttpServer } from '../../../src-main/backend/http/server';
import { createBackendService, type BackendService } from '../../../src-main/backend/service';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { serveApi } from '../serve-api';

let service: BackendService;
let server: RunningHttpServer;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mdm-rules-'));

beforeAll(async () => {
  service = createBackendService({ dataDir, probeBackends: probeComputeBackends });
  server = await serveApi(service);
});
afterAll(async () => {
  await server.close();
  await service.close();
});

interface Answer {
  status: number;
  body: {
    result: { total: number } & SystemInfo;
    error: { code: string; message: string; details: Record<string, unknown> };
  };
}

async function call(name: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

describe('the HTTP API refuses what the run form refuses (issue 12)', () => {
  it('answers a 999,999,999,999-step run with 400 naming the field, and queues nothing', async () => {
    const answer = await call('runs-create', {
      config: { dataset: 'two-moons', model: 'mlp', steps: 999_999_999_999 },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'invalid',
      message: 'steps: must be at most 10,000,000 (not 999,999,999,999)',
      details: { field: 'steps' },
    });
    expect((await call('runs-list', {})).body.result.total).toBe(0);
  });

  it('answers a learning rate of 0 with 400 naming the field', async () => {
    const answer = await call('runs-create', { config: { learningRate: 0 } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('learningRate: must be more than 0');
  });

  it('refuses a backend that system-info reports unavailable, with its reason', async () => {
    const info: SystemInfo = (await call('system-info', {})).body.result;
    // tfjs-node-gpu is no dependency of the app, so a checkout always has an unavailable backend.
    const unavailable = info.backends.find((b) => !b.available)!;
    expect(unavailable).toBeDefined();
    const answer = await call('runs-create', {
      config: { dataset: 'two-moons', model: 'mlp', backend: unavailable.name },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe(
      `backend: ${unavailable.name} is unavailable here: ${unavailable.detail}${unavailable.enable ? ` (${unavailable.enable})` : ''}`,
    );
    expect(answer.body.error.details).toMatchObject({ field: 'backend' });
  });
});
