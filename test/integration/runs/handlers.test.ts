import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specOfChoice } from '#shared/config/diffusion-choice';
import { newRunOf } from '../../../src-main/backend/runs/manager';
import { parseRunConfig } from '#shared/config/run-config';
import { specFromParamsExport, type DiffusionParamsExport } from '#shared/config/params-export';
import { transitionKernel } from '#shared/mdm/kernels';
import { learnedSpec, randomLearnedParams } from '#shared/mdm/spec';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { listZip, zipEntrySource } from '../../../src-main/backend/datasets/zip';
import { fileSource, readRange } from '../../../src-main/backend/datasets/byte-source';
import type { RunningHttpServer } from '../../../src-main/backend/http/server';
import { createBackendService, type BackendService } from '../../../src-main/backend/service';
import {
  addDiffusionParams,
  createRun,
  openStore,
  setRunStatus,
  type StoreDb,
} from '../../../src-main/backend/store/index';
import { serveApi } from '../serve-api';

/** The envelope fields these tests read. */
interface Reply {
  error: { message: string };
  result: { paths: string[]; run: { status: string } };
}

let home: string;
let service: BackendService;
let server: RunningHttpServer;
let db: StoreDb;
let finishedRun: number;

/** A learned-3 run that trained elsewhere: completed, with Q and D recorded at two steps. */
function seedFinishedRun(): number {
  const config = parseRunConfig({
    name: 'seeded',
    diffusion: { preset: 'learned', k: 3 },
    seed: 4,
  });
  const run = createRun(db, { ...newRunOf(config), totalSteps: 20 });
  for (const step of [10, 20]) {
    const later = learnedSpec(randomLearnedParams(3, 100 + step));
    addDiffusionParams(db, run.id, { step, q: later.q, d: later.d });
  }
  setRunStatus(db, run.id, 'running');
  setRunStatus(db, run.id, 'completed');
  return run.id;
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'mdm-handlers-'));
  service = createBackendService({ dataDir: home, probeBackends: probeComputeBackends });
  db = openStore(path.join(home, 'mdm.sqlite'));
  finishedRun = seedFinishedRun();
  server = await serveApi(service);
});
afterAll(async () => {
  await server.close();
  await service.close();
  db.close();
});

async function call(name: string, body: unknown): Promise<{ status: number; body: Reply }> {
  const response = await fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Reply };
}

const runCount = () => db.prepare('SELECT count(*) FROM runs').pluck().get() as number;

describe('runs handlers: bad requests get clear errors and change nothing', () => {
  it('unknown run id → 404 naming it', async () => {
    for (const name of ['runs-get', 'runs-stop', 'runs-resume', 'runs-delete', 'metrics-series']) {
      const { status, body } = await call(name, {
        runId: 999,
        ...(name === 'metrics-series' ? { key: 'loss' } : {}),
      });
      expect(status, name).toBe(404);
      expect(body.error.message, name).toContain('999');
    }
  });

  it('stopping a finished run → 409, status unchanged', async () => {
    const { status, body } = await call('runs-stop', { runId: finishedRun });
    expect(status).toBe(409);
    expect(body.error.message).toBe(`run ${finishedRun} is completed and cannot become stopped`);
    expect((await call('runs-get', { runId: finishedRun })).body.result.run.status).toBe(
      'completed',
    );
  });

  it('an invalid config → 400 naming the field, no run created', async () => {
    const before = runCount();
    const { status, body } = await call('runs-create', { config: { batchSize: 0 } });
    expect(status).toBe(400);
    expect(body.error.message).toBe('batchSize: expected a number ≥ 1, got number 0');
    expect(runCount()).toBe(before);
  });

  it('an indefinite custom D → 400 with the validator message, no run created', async () => {
    const before = runCount();
    const diffusion = {
      preset: 'custom',
      q: [
        [0, -1],
        [1, 0],
      ],
      d: [
        [1, 0],
        [0, -2],
      ],
    };
    const { status, body } = await call('runs-create', { config: { diffusion } });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^diffusion: .*D/);
    expect(runCount()).toBe(before);
  });

  it('an export file name with a folder in it → 400, nothing written', async () => {
    const { status, body } = await call('runs-export', {
      runId: finishedRun,
      what: 'params',
      fileName: '../escape.zip',
    });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      "export file name '../escape.zip' contains a path separator: give a name, not a path",
    );
    expect(existsSync(path.join(home, 'escape.zip'))).toBe(false);
  });
});

describe('params export round trip', () => {
  it('rebuilds the same diffusion at every recorded step (Φ_t, Σ_t to 1e-12)', async () => {
    const folder = path.join(home, 'exports');
    const { status, body } = await call('runs-export', { runId: finishedRun, what: 'params' });
    expect(status).toBe(200);
    const zip = await fileSource(body.result.paths[0] ?? '');
    const entries = await listZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['params.json', 'README.md']);
    const json = await readRange(
      await zipEntrySource(zip, entries[0]!, folder),
      0,
      entries[0]!.size,
    );
    const file = JSON.parse(Buffer.from(json).toString('utf8')) as DiffusionParamsExport;
    expect(file.steps.map((s) => s.step)).toEqual([0, 10, 20]);

    const initial = specOfChoice({ preset: 'learned', k: 3 }, 4);
    const expected = [
      initial,
      learnedSpec(randomLearnedParams(3, 110)),
      learnedSpec(randomLearnedParams(3, 120)),
    ];
    for (const [i, step] of [0, 10, 20].entries()) {
      const rebuilt = specFromParamsExport(file, step);
      for (const t of [0.25, 1]) {
        for (const kind of ['full', 'hybrid'] as const) {
          const a = transitionKernel(rebuilt, t, kind);
          const b = transitionKernel(expected[i]!, t, kind);
          const diff = (x: number[][], y: number[][]) =>
            Math.max(...x.flatMap((row, r) => row.map((v, c) => Math.abs(v - y[r]![c]!))));
          expect(diff(a.phi, b.phi)).toBeLessThan(1e-12);
          expect(diff(a.sigma, b.sigma)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('writes metrics as CSV with a header and leaves no partial files', async () => {
    const { body } = await call('runs-export', { runId: finishedRun, what: 'metrics-csv' });
    expect(readFileSync(body.result.paths[0] ?? '', 'utf8')).toBe('run_id,key,step,value,time\n');
    expect(readdirSync(path.join(home, 'exports'))).toContain(`run-${finishedRun}-metrics-csv.csv`);
    expect(readdirSync(path.join(home, 'exports')).filter((f) => f.endsWith('.partial'))).toEqual(
      [],
    );
  });
});
