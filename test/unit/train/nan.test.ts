import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { presetSpec } from '#shared/mdm/spec';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import { createMlp } from '../../../src-main/backend/train/nn/mlp';
import { Trainer } from '../../../src-main/backend/train/trainer';
import { runJob, tempDir, toyConfig } from './trainer-fixtures';

describe('NaN/Inf detection', () => {
  it('ends a run with an absurd learning rate, naming the step and the term that went non-finite', async () => {
    const { messages, error } = await runJob(
      toyConfig({ learningRate: 1e12, warmupSteps: 0, gradClip: 0, steps: 50 }),
      tempDir('nan'),
    );
    expect(error).toMatchObject({
      name: 'MdmError',
      code: 'internal',
      details: { nonFinite: true },
    });
    const steps = messages.flatMap((m) => (m.type === 'metrics' ? [m.step] : []));
    const failedAt = steps.length + 1;
    expect(failedAt).toBeGreaterThan(1);
    expect(error?.message).toMatch(
      new RegExp(
        `^step ${failedAt}: the (diffusion term of the ELBO|prior term of the ELBO|ELBO|loss|gradient of network weight \\S+) is (NaN|\\+Infinity|-Infinity)` +
          ` \\(loss [-+0-9.e]+ at step ${failedAt - 1}\\); lower the learning rate \\(now 1\\.00e\\+12\\) or the gradient clip$`,
      ),
    );
    expect(messages.some((m) => m.type === 'finished')).toBe(false);
  });

  it('blames the data at the first step and leaves the weights untouched', async () => {
    await tf.setBackend('cpu');
    const diffusion = createTensorDiffusion(presetSpec('vpsde'));
    const net = createMlp({ channels: 2, seed: 0 });
    const trainer = new Trainer(net, diffusion, {
      learningRate: 1e-3,
      warmupSteps: 0,
      gradClip: 1,
      clipScale: 'per-dim',
      emaDecay: 0,
      tSampling: 'importance',
      seed: 0,
    });
    const before = (await net.getWeights()).map((w) => w.values.slice());
    const x = new Float32Array([0.1, NaN, 0.3, 0.4]);
    await expect(trainer.trainStep(x, [2, 1, 1, 2])).rejects.toThrow(
      'step 1: the diffusion term of the ELBO is NaN at the first step, before any update: the data or the diffusion is at fault, not the learning rate',
    );
    expect((await net.getWeights()).map((w) => w.values)).toEqual(before);
    expect(trainer.step).toBe(0);
    trainer.dispose();
    tf.dispose(net.variables);
    diffusion.dispose();
  });
});
