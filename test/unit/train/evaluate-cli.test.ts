import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { addCheckpoint, createRun, openStore } from '../../../src-main/backend/store/index';
import { runMdm } from '../cli/diffusion-io';
import { runJob, tempDir, toyConfig } from './trainer-fixtures';

let checkpoint = '';

describe('mdm eval', () => {
  beforeAll(async () => {
    const result = await runJob(toyConfig({ steps: 4 }), tempDir('eval-cli'));
    const saved = result.messages.find((m) => m.type === 'checkpoint');
    if (saved?.type !== 'checkpoint') throw new Error('no checkpoint');
    checkpoint = saved.path;
  });
  beforeEach(() => {
    vi.stubEnv('MDM_HOME', tempDir('eval-cli-home'));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('prints test nats/dim ± stderr and every term of a checkpoint', async () => {
    const { code, out, err } = await runMdm(
      'eval',
      '--checkpoint',
      checkpoint,
      '--eval-images',
      '100',
      '--backend',
      'cpu',
    );
    expect(err).toContain('evaluated 100/100');
    expect(code).toBe(0);
    expect(out).toMatch(/^test nats\/dim: \d+\.\d{4} ± \d+\.\d{4} over 100 points\n/);
    expect(out).toContain('eight-gaussians, vpsde (K = 1), step 4, EMA weights, cpu');
    expect(out).toMatch(
      /terms \(nats\/dim\): prior [-\d.]+ {2}diffusion [-\d.]+ {2}aux [-\d.]+ {2}offset [-\d.]+/,
    );
  });

  it('prints JSON with --json', async () => {
    const { code, out } = await runMdm(
      'eval',
      '--checkpoint',
      checkpoint,
      '--eval-images',
      '50',
      '--backend',
      'cpu',
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({
      step: 4,
      dataset: 'eight-gaussians',
      unit: 'nats_per_dim',
      count: 50,
      ema: true,
    });
    expect(Number.isFinite(report.value) && Number.isFinite(report.stderr)).toBe(true);
  });

  it('finds the latest checkpoint of --run ID in --data-dir through the runs-evaluate handler', async () => {
    const home = tempDir('eval-home');
    const db = openStore(path.join(home, 'mdm.sqlite'));
    const config = toyConfig();
    const run = createRun(db, {
      name: 'r',
      config,
      dataset: config.dataset,
      diffusion: 'vpsde',
      k: 1,
      seed: 0,
    });
    const empty = createRun(db, {
      name: 'e',
      config,
      dataset: config.dataset,
      diffusion: 'vpsde',
      k: 1,
      seed: 0,
    });
    addCheckpoint(db, run.id, { step: 4, path: checkpoint, sizeBytes: 1 });
    db.close();
    const { code, out } = await runMdm(
      'eval',
      '--run',
      String(run.id),
      '--data-dir',
      home,
      '--eval-images',
      '20',
      '--backend',
      'cpu',
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ checkpoint, runId: run.id, count: 20 });
    const none = await runMdm('eval', '--run', String(empty.id), '--data-dir', home);
    expect(none).toMatchObject({ code: 2, err: `mdm eval: run ${empty.id} has no checkpoint yet` });
    const missing = await runMdm('eval', '--run', '999', '--data-dir', home);
    expect(missing).toMatchObject({ code: 2, err: 'mdm eval: run 999 does not exist' });
  });

  it('rejects bad input with one line and exit code 2', async () => {
    const home = tempDir('eval-empty');
    const cases: [string[], string][] = [
      [[], 'mdm eval: which model? give a run or a checkpoint folder'],
      [
        ['--run', '1', '--checkpoint', checkpoint],
        'mdm eval: give either a run or a checkpoint folder, not both',
      ],
      [['--run', 'abc'], "mdm eval: --run must be an integer ≥ 1, got 'abc'"],
      [
        ['--checkpoint', home],
        `mdm eval: ${home} is not a checkpoint folder (it has no state.json)`,
      ],
      [
        ['--checkpoint', checkpoint, '--eval-images=-1'],
        "mdm eval: --eval-images must be an integer ≥ 0, got '-1'",
      ],
      [
        ['--checkpoint', checkpoint, '--eval-images', '-1'],
        "mdm eval: --eval-images must be an integer ≥ 0, got '-1'",
      ],
      [
        ['--checkpoint', checkpoint, '--backend', 'gpu'],
        "mdm eval: --backend must be one of auto, node-gpu, webgpu, node, wasm, cpu, got 'gpu'",
      ],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await runMdm('eval', ...args);
      expect({ code, err }).toEqual({ code: 2, err: message });
    }
  });
});
