import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '#shared/config/run-config';
import type { WorkerMessage } from '../../../src-main/backend/runs/protocol';
import { ToyDataset } from '../../../src-main/backend/datasets/index';
import { DataCursor } from '../../../src-main/backend/train/data';
import { runJob, tempDir, toyConfig } from './trainer-fixtures';

const checkpointsOf = (messages: WorkerMessage[]) =>
  messages.flatMap((m) => (m.type === 'checkpoint' ? [m] : []));
const lastParams = (messages: WorkerMessage[]) =>
  messages.filter((m) => m.type === 'diffusion-params').at(-1);

/** N steps straight vs k steps, a stop (checkpoint), and a resume to N: the same per-step losses. */
async function compareResume(config: RunConfig, k: number): Promise<void> {
  const straight = await runJob(config, tempDir('resume-a'));
  expect(straight.error).toBeNull();

  const dir = tempDir('resume-b');
  const first = await runJob(config, dir, {
    onMessage: (m, stop) => m.type === 'metrics' && m.step === k && stop(),
  });
  expect(first.error).toBeNull();
  expect(first.messages.at(-1)).toEqual({ type: 'finished', status: 'stopped', step: k });
  const saved = checkpointsOf(first.messages);
  expect(saved.map((c) => c.step)).toEqual([k]);
  expect(path.basename(saved[0]!.path)).toBe(`step-${String(k).padStart(7, '0')}`);

  const second = await runJob(config, dir, { resumeFrom: saved[0]!.path });
  expect(second.error).toBeNull();
  expect(second.messages[0]).toMatchObject({ type: 'started', step: k });
  expect(second.messages.at(-1)).toEqual({
    type: 'finished',
    status: 'completed',
    step: config.steps,
  });

  const resumed = new Map([...first.losses, ...second.losses]);
  expect([...resumed.keys()]).toEqual([...straight.losses.keys()]);
  for (const [step, loss] of straight.losses) expect(resumed.get(step)).toBe(loss);
  expect(lastParams(second.messages)).toEqual(lastParams(straight.messages));
}

describe('resume (same seed and data order → the same run)', () => {
  it('continues an MLP run with a learned diffusion, EMA, clipping and warm-up exactly', async () => {
    await compareResume(
      toyConfig({
        diffusion: { preset: 'learned', k: 2 },
        steps: 8,
        warmupSteps: 5,
        gradClip: 0.5,
        emaDecay: 0.9,
        batchSize: 32,
      }),
      3,
    );
  });

  it('reads the same batch for a step whether streaming or jumping there (across epochs)', () => {
    const dataset = new ToyDataset('two-moons', { train: 10, test: 4 });
    const options = { batchSize: 3, seed: 5, transform: 'logit' as const, flip: false };
    const streaming = new DataCursor(dataset, options);
    expect(streaming.stepsPerEpoch).toBe(3); // the last partial batch is dropped
    const sequence = Array.from({ length: 8 }, (_, s) => streaming.batchAt(s));
    expect(streaming.position(7)).toEqual({ epoch: 2, index: 1 });
    for (const s of [7, 4, 0, 5]) {
      const jumped = new DataCursor(dataset, options).batchAt(s);
      expect(jumped.indices).toEqual(sequence[s]!.indices);
      expect(jumped.x).toEqual(sequence[s]!.x);
    }
    expect(sequence[3]!.indices).not.toEqual(sequence[0]!.indices); // a new epoch, a new order
    expect(() => new DataCursor(dataset, { ...options, batchSize: 11 })).toThrow(
      'batch size 11 is larger than the 10 training examples of two-moons',
    );
  });

  it('continues a tiny U-Net on MNIST exactly', async () => {
    await compareResume(
      toyConfig({
        dataset: 'mnist',
        model: 'tiny',
        diffusion: { preset: 'cld' },
        batchSize: 2,
        steps: 3,
        backend: 'wasm', // the cpu backend takes seconds per U-Net step
      }),
      1,
    );
  });

  it('resumes from a periodic checkpoint of an uninterrupted run', async () => {
    const config = toyConfig({ steps: 6, checkpointEvery: 4 });
    const dir = tempDir('resume-c');
    const straight = await runJob(config, dir);
    const saved = checkpointsOf(straight.messages);
    expect(saved.map((c) => c.step)).toEqual([4, 6]);
    expect(fs.readdirSync(path.join(dir, 'checkpoints')).sort()).toEqual([
      'step-0000004',
      'step-0000006',
    ]);
    const again = await runJob(config, tempDir('resume-d'), { resumeFrom: saved[0]!.path });
    expect([...again.losses.entries()]).toEqual([...straight.losses.entries()].slice(4));
  });

  it('a stop during the test evaluation ends stopped; resuming only evaluates', async () => {
    const config = toyConfig({ steps: 3, evalImages: 3000, batchSize: 100 });
    const dir = tempDir('resume-eval');
    const first = await runJob(config, dir, {
      onMessage: (m, stop) => m.type === 'log' && m.message.startsWith('evaluated 300/') && stop(),
    });
    expect(first.error).toBeNull();
    expect(first.messages.at(-2)).toEqual({
      type: 'log',
      level: 'warn',
      message: 'stopped during the test evaluation; resume the run to evaluate',
    });
    expect(first.messages.at(-1)).toEqual({ type: 'finished', status: 'stopped', step: 3 });
    const saved = checkpointsOf(first.messages);
    expect(saved.map((c) => c.step)).toEqual([3]);

    const second = await runJob(config, dir, { resumeFrom: saved[0]!.path });
    expect(second.losses.size).toBe(0);
    expect(checkpointsOf(second.messages)).toEqual([]);
    const test = second.messages.find((m) => m.type === 'metrics');
    expect(test?.type === 'metrics' && test.step).toBe(3);
    expect(test?.type === 'metrics' && test.values['test/images']).toBe(3000);
    expect(second.messages.at(-1)).toEqual({ type: 'finished', status: 'completed', step: 3 });
  });
});
