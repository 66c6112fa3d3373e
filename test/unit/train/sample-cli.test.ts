import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { dispatch } from '../../../src-main/backend/dispatch';
import { createBackendService } from '../../../src-main/backend/service';
import { runMdm } from '../cli/diffusion-io';
import { runJob, tempDir, toyConfig } from './trainer-fixtures';

let checkpoint = '';
let runDir = '';

const isPng = (file: string) =>
  fs
    .readFileSync(file)
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe('mdm sample', () => {
  beforeAll(async () => {
    runDir = tempDir('sample-cli');
    const result = await runJob(toyConfig({ steps: 3, diffusion: { preset: 'cld' } }), runDir);
    const saved = result.messages.find((m) => m.type === 'checkpoint');
    if (saved?.type !== 'checkpoint') throw new Error('no checkpoint');
    checkpoint = saved.path;
  });

  beforeEach(() => {
    vi.stubEnv('MDM_HOME', tempDir('sample-cli-home'));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('writes a PNG next to the run by default and reports it as JSON', async () => {
    const { code, out } = await runMdm(
      'sample',
      '--checkpoint',
      checkpoint,
      '--count',
      '50',
      '--steps',
      '8',
      '--backend',
      'cpu',
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(out);
    const expected = path.join(runDir, 'samples', 'step-0000003-em.png');
    expect(report).toMatchObject({
      path: expected,
      count: 50,
      steps: 8,
      method: 'em',
      step: 3,
      width: 128,
      height: 128,
    });
    expect(isPng(expected)).toBe(true);
  });

  it('samples with the probability-flow ODE into --out, with progress', async () => {
    const out = path.join(tempDir('sample-out'), 'nested', 'ode.png');
    const result = await runMdm(
      'sample',
      '--checkpoint',
      checkpoint,
      '--count',
      '20',
      '--steps',
      '5',
      '--method',
      'ode',
      '--out',
      out,
      '--backend',
      'cpu',
    );
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      `wrote 20 samples (ode, 5 steps, EMA weights of step 3) to ${out} in ${result.out.match(/in ([\d.]+) s$/)?.[1]} s`,
    );
    expect(result.err.split('\n').at(-1)).toBe('step 5/5');
    expect(isPng(out)).toBe(true);
  });

  it('rejects bad input with one line and exit code 2', async () => {
    const cases: [string[], string][] = [
      [
        ['--checkpoint', checkpoint, '--method', 'rk4'],
        "mdm sample: --method must be one of em, ode, got 'rk4'",
      ],
      [
        ['--checkpoint', checkpoint, '--steps', '0'],
        "mdm sample: --steps must be an integer in 1..10000, got '0'",
      ],
      [
        ['--checkpoint', checkpoint, '--out', 'x.jpg'],
        "mdm sample: --out must name a .png file, got 'x.jpg'",
      ],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await runMdm('sample', ...args);
      expect({ code, err }).toEqual({ code: 2, err: message });
    }
  });

  it('runs-sample keeps its file inside the folder and emits progress at each tenth', async () => {
    const home = tempDir('sample-handler');
    const service = createBackendService({
      dataDir: home,
      probeBackends: probeComputeBackends,
      manageRuns: false,
    });
    const seen: number[] = [];
    service.events.subscribe((name, payload) => {
      if (name === 'checkpoint-task-progressed') seen.push(payload.done);
    });
    try {
      const handlers = service.handlers('http', { localPaths: true });
      const outside = await dispatch(handlers, 'runs-sample', {
        checkpoint,
        folder: home,
        fileName: '../escape.png',
        steps: 2,
        count: 4,
        backend: 'cpu',
      });
      expect(outside).toMatchObject({ ok: false, error: { code: 'invalid' } });
      const done = await dispatch(handlers, 'runs-sample', {
        checkpoint,
        steps: 20,
        count: 4,
        backend: 'cpu',
      });
      expect(done).toMatchObject({
        ok: true,
        result: { runId: null, path: path.join(runDir, 'samples', 'step-0000003-em.png') },
      });
      expect(seen).toEqual([1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    } finally {
      await service.close();
    }
  });
});
