import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { specOfChoice } from '#shared/config/diffusion-choice';
import { defaultRunConfig } from '#shared/config/run-config';
import { paperDifferences, resolveRunConfig, type DatasetFacts } from '#shared/config/protocols';
import { isMdmError } from '#shared/errors';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import { presetSpec } from '#shared/mdm/spec';
import { createUNet, UNET_SIZES } from '../../../src-main/backend/train/nn/unet';
import { Trainer } from '../../../src-main/backend/train/trainer';
import { errorOf } from './support';

const mnist: DatasetFacts = {
  name: 'mnist',
  kind: 'image',
  shape: [28, 28, 1],
  splits: { train: 60_000, test: 10_000 },
  flippable: false,
};
const cifar: DatasetFacts = {
  name: 'cifar10',
  kind: 'image',
  shape: [32, 32, 3],
  splits: { train: 50_000, test: 10_000 },
  flippable: true,
};

describe("the paper's protocol (Singhal et al. 2023; the authors' code)", () => {
  it("resolves to the authors' settings on MNIST and CIFAR-10", () => {
    const m = resolveRunConfig({ protocol: 'paper', dataset: 'mnist' }, mnist);
    expect(m).toMatchObject({
      protocol: 'paper',
      protocolVersion: 1,
      batchSize: 128,
      learningRate: 2e-4,
      warmupSteps: 0,
      emaDecay: 0,
      gradClip: 2,
      clipScale: 'per-image',
      model: 'mnist',
      steps: 300 * 468,
      evalImages: 10_000,
      hflip: false,
      budgetMinutes: 0,
    });
    expect(m.diffusionLearningRate).toBeUndefined();
    const c = resolveRunConfig({ protocol: 'paper', dataset: 'cifar10' }, cifar);
    expect(c).toMatchObject({ model: 'cifar', steps: 300 * 390, hflip: true, evalImages: 10_000 });
    expect(paperDifferences(m, mnist)).toEqual([]);
  });

  it('starts learned diffusions with every entry of q and d from U(±1/√K)', () => {
    const config = resolveRunConfig(
      { protocol: 'paper', dataset: 'mnist', diffusion: { preset: 'learned', k: 3 } },
      mnist,
    );
    expect(config.diffusion.init).toBe('uniform');
    const bound = 1 / Math.sqrt(3);
    const entries: number[] = [];
    for (const seed of [0, 1, 2, 3]) {
      const learned = specOfChoice(config.diffusion, seed).learned!;
      if (!('d' in learned)) throw new Error('expected a diagonal D');
      entries.push(...learned.q.flat(), ...learned.d);
      expect(learned.q[0]![2]).not.toBe(0); // the full q, not its lower triangle
    }
    expect(Math.max(...entries.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...entries.map(Math.abs))).toBeGreaterThan(0.8 * bound);
  });

  it('refuses a setting that contradicts the protocol, naming it', () => {
    const error = errorOf(() =>
      resolveRunConfig({ protocol: 'paper', dataset: 'mnist', learningRate: 1e-3 }, mnist),
    );
    expect(isMdmError(error) && error.code).toBe('invalid');
    expect((error as Error).message).toBe(
      'protocol paper sets the learning rate to 0.0002: leave it out or choose protocol custom',
    );
    expect(() =>
      resolveRunConfig({ protocol: 'budget', dataset: 'mnist', emaDecay: 0.999 }, mnist),
    ).toThrow('protocol budget sets the EMA decay to 0: leave it out');
    expect(() => resolveRunConfig({ dataset: 'mnist', hflip: true }, mnist)).toThrow(
      'horizontal flips: dataset mnist does not offer them',
    );
    // budget leaves the length, the model and the clip scale free.
    const budget = resolveRunConfig(
      { protocol: 'budget', dataset: 'mnist', steps: 300, model: 'tiny', clipScale: 'per-dim' },
      mnist,
    );
    expect(budget).toMatchObject({ steps: 300, model: 'tiny', clipScale: 'per-dim', emaDecay: 0 });
    // budget v2: the paper's batch and full test set unless the run chooses smaller ones.
    expect(budget).toMatchObject({ batchSize: 128, evalImages: 10_000, protocolVersion: 2 });
    const small = resolveRunConfig(
      { protocol: 'budget', dataset: 'mnist', batchSize: 32, evalImages: 2000 },
      mnist,
    );
    expect(small).toMatchObject({ batchSize: 32, evalImages: 2000, learningRate: 2e-4 });
    expect(() =>
      resolveRunConfig({ protocol: 'paper', dataset: 'mnist', batchSize: 32 }, mnist),
    ).toThrow('protocol paper sets the batch size to 128');
  });

  it("lists every default that differs from the paper's", () => {
    const settings = paperDifferences(defaultRunConfig, mnist).map((d) => d.setting);
    expect(settings).toEqual([
      'warm-up steps',
      'EMA',
      'clip scale',
      'model',
      'steps',
      'test examples',
    ]);
  });

  it('clips the gradient of the per-image loss in nats at 2: Adam receives a gradient of norm 2', async () => {
    await tf.setBackend('cpu');
    const config = resolveRunConfig({ protocol: 'paper', dataset: 'mnist' }, mnist);
    const step = async (clipScale: 'per-image' | 'per-dim') => {
      const net = createUNet(UNET_SIZES.tiny, { imageSize: 8, channels: 1, seed: 0 });
      const diffusion = createTensorDiffusion(presetSpec('vpsde'));
      const trainer = new Trainer(net, diffusion, { ...config, clipScale, seed: 0 });
      const x = Float32Array.from({ length: 2 * 64 }, (_, i) => Math.sin(i));
      const stats = await trainer.trainStep(x, [2, 8, 8, 1]);
      const m = (await trainer.adam.getState()).slots.filter((slot) => slot.name.endsWith('/m'));
      const mNorm = Math.sqrt(m.reduce((s, w) => s + w.values.reduce((a, v) => a + v * v, 0), 0));
      const result = { stats, mNorm, ema: trainer.ema, lr: trainer.learningRates(1) };
      trainer.dispose();
      net.variables.forEach((v) => v.dispose());
      diffusion.dispose();
      return result;
    };
    const perImage = await step('per-image');
    const perDim = await step('per-dim');
    // The same gradient measured in two units: the per-image loss is d = 64 times the per-dim one.
    expect(perImage.stats.gradNorm).toBeCloseTo(64 * perDim.stats.gradNorm, 2);
    expect(perImage.stats.gradNorm).toBeGreaterThan(2);
    expect(perImage.stats.gradNormClipped).toBeCloseTo(2, 5);
    // Adam's first moment after one step is (1 − β1)·g: the clipped per-image gradient, norm 2.
    expect(perImage.mNorm / 0.1).toBeCloseTo(2, 3);
    expect(perImage.ema).toBeNull();
    expect(perImage.lr).toEqual([2e-4, 2e-4]); // no warm-up
  });
});
