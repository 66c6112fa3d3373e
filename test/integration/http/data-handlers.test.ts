import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '#shared/api/contract';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { dispatch } from '../../../src-main/backend/dispatch';
import { createBackendService, type BackendService } from '../../../src-main/backend/service';

let service: BackendService;
let handlers: Handlers;

beforeAll(() => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'mdm-data-handlers-'));
  service = createBackendService({
    dataDir: home,
    probeBackends: probeComputeBackends,
    manageRuns: false,
  });
  handlers = service.handlers('http');
});
afterAll(() => service.close());

describe('datasets handlers', () => {
  it('lists built-in MNIST and the 2-D toys', async () => {
    const names = (await handlers['datasets-list']({})).map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['mnist', 'two-moons', 'swiss-roll']));
  });

  it('draws a thumbnail grid as a PNG', async () => {
    const thumb = await handlers['datasets-thumbnail']({ name: 'mnist', count: 4 });
    expect(Buffer.from(thumb.pngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(thumb.width).toBeGreaterThanOrEqual(28 * 2);
  });

  it('answers an unknown dataset with not_found naming it', async () => {
    const envelope = await dispatch(handlers, 'datasets-thumbnail', { name: 'cifar99' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(!envelope.ok && envelope.error.message).toContain('cifar99');
  });
});

describe('diffusion-verify', () => {
  it('runs the exact-score check: cld is within 0.005 nats of log p(x)', async () => {
    const report = await handlers['diffusion-verify']({
      diffusion: { preset: 'cld' },
      samples: 2000,
    });
    expect(report.gap).toBeGreaterThanOrEqual(0);
    expect(report.gap).toBeLessThan(0.005);
    expect(Math.abs(report.elboMc - report.elboExpected)).toBeLessThan(4 * report.elboMcStderr);
  });

  it('rejects an invalid custom diffusion as a bad request', async () => {
    const envelope = await dispatch(handlers, 'diffusion-verify', {
      diffusion: {
        preset: 'custom',
        q: [
          [0, 1],
          [0, 0],
        ],
        d: [
          [1, 0],
          [0, 1],
        ],
      },
    });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(!envelope.ok && envelope.error.message).toMatch(/^diffusion: Q is not skew-symmetric/);
  });
});
