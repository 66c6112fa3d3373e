import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemInfo } from '#shared/api/system';
import { UNET_SIZES, unetActivationBytes } from '#shared/config/model-memory';
import { parseRunConfig } from '#shared/config/run-config';
import { createManifest, MANIFEST_FILE } from '../../../src-main/backend/datasets/manifest';
import { newRunOf } from '../../../src-main/backend/runs/manager';
import { createRun, openStore } from '../../../src-main/backend/store/index';
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

/** An imported dataset of one train and one test `side`² RGB image (zeros), as an import leaves it. */
function seedImageDataset(name: string, side: number): void {
  const dir = path.join(dataDir, 'datasets', name);
  mkdirSync(dir, { recursive: true });
  const recordBytes = side * side * 3;
  const split = (which: string) => {
    for (const [file, bytes] of [
      [`${which}-images.u8`, recordBytes],
      [`${which}-labels.u16`, 2],
    ] as const) {
      writeFileSync(path.join(dir, file), '');
      truncateSync(path.join(dir, file), bytes);
    }
    return {
      count: 1,
      images: `${which}-images.u8`,
      labels: `${which}-labels.u16`,
      sha256: { images: '', labels: '' },
    };
  };
  const manifest = createManifest({
    info: {
      name,
      title: name,
      kind: 'image',
      shape: [side, side, 3],
      numClasses: 1,
      splits: { train: 1, test: 1 },
      flippable: false,
      origin: 'imported',
    },
    recordBytes,
    splits: { train: split('train'), test: split('test') },
    source: { kind: 'test', inputs: [], fingerprint: name },
    createdAt: Date.now(),
  });
  writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
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

  it('refuses, on webgpu, a U-Net whose one-image activation passes the adapter’s storage binding, naming model and numbers', async () => {
    const info: SystemInfo = (await call('system-info', {})).body.result;
    const webgpu = info.backends.find((b) => b.name === 'webgpu')!;
    // Mesa's lavapipe (a software adapter, 128 MiB binding) is enough; the run is refused before any GPU work.
    expect(webgpu.available, webgpu.detail).toBe(true);
    const limit = info.gpuAdapter!.maxStorageBufferBindingSize;
    let side = 32;
    while (unetActivationBytes(UNET_SIZES.cifar, side) <= limit) side += 32;
    seedImageDataset('huge-photos', side);
    const config = { dataset: 'huge-photos', model: 'cifar', backend: 'webgpu', batchSize: 8 };
    const answer = await call('runs-create', { config });
    expect(answer.status).toBe(400);
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    expect(answer.body.error).toMatchObject({
      code: 'invalid',
      message:
        `model: the cifar U-Net on ${side}×${side} images on webgpu: the model is too big for this GPU: ` +
        `one image's largest activation (${mib(unetActivationBytes(UNET_SIZES.cifar, side))}) ` +
        `exceeds the adapter's max storage binding (${mib(limit)})`,
      details: { field: 'model' },
    });
    // A sweep of it is refused the same way, and nothing was queued by either.
    const sweep = await call('sweeps-create', {
      spec: {
        name: 'huge',
        protocol: 'custom',
        dataset: 'huge-photos',
        diffusions: [{ label: 'vpsde', choice: { preset: 'vpsde' } }],
        seeds: [0],
        settings: { model: 'cifar', backend: 'webgpu' },
      },
    });
    expect(sweep.status).toBe(400);
    expect(sweep.body.error.message).toBe(answer.body.error.message);
    expect((await call('runs-list', {})).body.result.total).toBe(0);
  });

  it('refuses to duplicate a run whose backend is unavailable here, as runs-create refuses it', async () => {
    const info: SystemInfo = (await call('system-info', {})).body.result;
    const unavailable = info.backends.find((b) => !b.available)!.name;
    const config = { dataset: 'two-moons', model: 'mlp', backend: unavailable };
    const created = await call('runs-create', { config });
    expect(created.status).toBe(400);
    // A run stored where that backend worked (another machine, or before it broke), as its store holds it.
    const db = openStore(path.join(dataDir, 'mdm.sqlite'));
    const runId = createRun(db, newRunOf(parseRunConfig(config))).id;
    db.close();
    const copy = await call('runs-duplicate', { runId });
    expect(copy.status).toBe(400);
    expect(copy.body.error).toMatchObject({
      code: 'invalid',
      message: created.body.error.message,
      details: { field: 'backend' },
    });
    expect((await call('runs-list', {})).body.result.total).toBe(1);
  });
});
