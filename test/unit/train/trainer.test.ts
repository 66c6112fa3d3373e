import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { runJob, tempDir, toyConfig } from './trainer-fixtures';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('trainer (docs/science.md §4, §6)', () => {
  it('lowers the DSM ELBO loss of the MLP on a 2-D toy, reporting every metric with flat memory', async () => {
    const steps = 120;
    const tensorsAt = new Map<number, number>();
    const { messages, losses, error } = await runJob(
      toyConfig({
        steps,
        batchSize: 64,
        learningRate: 3e-3,
        warmupSteps: 10,
        sampleEvery: 60,
        sampleSteps: 20,
      }),
      tempDir('trainer'),
      { onMessage: (m) => m.type === 'metrics' && tensorsAt.set(m.step, tf.memory().numTensors) },
    );
    expect(error).toBeNull();
    const series = [...losses.values()];
    expect(series).toHaveLength(steps);
    const first = mean(series.slice(0, 10));
    const last = mean(series.slice(-30));
    expect(last).toBeLessThan(0.6 * first);
    expect(tensorsAt.get(steps)).toBe(tensorsAt.get(20));

    const metrics = messages.find((m) => m.type === 'metrics' && m.step === 20);
    const stepKeys = (values: Record<string, number>) =>
      Object.keys(values).filter((k) => !k.startsWith('system/'));
    expect(metrics?.type === 'metrics' && stepKeys(metrics.values).sort()).toEqual(
      [
        'elbo',
        'grad_norm',
        'grad_norm_clipped',
        'images_per_sec',
        'loss',
        'lr',
        'npd',
        'npd_aux',
        'npd_diffusion',
        'npd_prior',
      ].sort(),
    );
    // System metrics ride along on the first and last step (and at most once a second between).
    for (const step of [1, steps]) {
      const m = messages.find((x) => x.type === 'metrics' && x.step === step);
      const values = m?.type === 'metrics' ? m.values : {};
      expect(values['system/rss_mb']).toBeGreaterThan(1);
      expect(values['system/heap_mb']).toBeGreaterThan(0);
      expect(values['system/tensor_mb']).toBeGreaterThan(0);
      expect(values['system/cpu_percent']).toBeGreaterThanOrEqual(0);
    }
    const lrs = messages.flatMap((m) =>
      m.type === 'metrics' && m.step <= 12 ? [m.values.lr] : [],
    );
    expect(lrs[0]).toBeCloseTo(3e-4, 12); // warm-up: step 1 of 10
    expect(lrs[11]).toBeCloseTo(3e-3, 12);
    const samples = messages.filter((m) => m.type === 'sample');
    expect(samples.map((m) => m.step)).toEqual([60, 120]);
    expect(samples[0]?.type === 'sample' && samples[0].kind).toBe('scatter');
    expect(messages[0]?.type).toBe('started');
    expect(messages.at(-1)).toEqual({ type: 'finished', status: 'completed', step: steps });
  });

  it('trains a learned diffusion: Q and D are reported and change', async () => {
    const { messages, error } = await runJob(
      toyConfig({ diffusion: { preset: 'learned', k: 2 }, steps: 20, diffusionLearningRate: 1e-2 }),
      tempDir('trainer-learned'),
    );
    expect(error).toBeNull();
    const params = messages.flatMap((m) => (m.type === 'diffusion-params' ? [m] : []));
    expect(params.map((p) => p.step)).toEqual([0, 10, 20]);
    const [first, last] = [params[0]!, params.at(-1)!];
    expect(first.q).toHaveLength(2);
    expect(last.q[0]![1]).toBeCloseTo(-last.q[1]![0]!, 12); // still skew-symmetric
    const change =
      Math.abs(last.d[1]![1]! - first.d[1]![1]!) + Math.abs(last.q[0]![1]! - first.q[0]![1]!);
    expect(change).toBeGreaterThan(1e-3);
    const metrics = messages.find((m) => m.type === 'metrics' && m.step === 5);
    expect(metrics?.type === 'metrics' && metrics.values.lr_diffusion).toBeCloseTo(1e-2, 12);
  });

  it('rejects a model that does not fit the data with a precise message', async () => {
    const { error } = await runJob(toyConfig({ model: 'tiny' }), tempDir('trainer-bad'));
    expect(error?.message).toBe(
      "model 'tiny' is a U-Net for images; 2-D point data needs model 'mlp'",
    );
  });
});
