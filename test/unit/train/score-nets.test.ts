import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMlp } from '../../../src-main/backend/train/nn/mlp';
import type { ScoreNet } from '../../../src-main/backend/train/nn/score-net';
import { createUNet } from '../../../src-main/backend/train/nn/unet';

const nets: ScoreNet[] = [];
function track<T extends ScoreNet>(net: T): T {
  nets.push(net);
  return net;
}

describe('score networks', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => {
    for (const net of nets.splice(0)) tf.dispose(net.variables);
  });

  it('has the paper-sized parameter counts (docs/science.md §6)', () => {
    const mnist = track(createUNet('mnist', { imageSize: 28, channels: 1, seed: 0 }));
    expect(mnist.paramCount).toBe(1_539_329);
    const cifar = track(createUNet('cifar', { imageSize: 32, channels: 3, seed: 0 }));
    expect(cifar.paramCount).toBe(35_746_307);
    const tiny = track(createUNet('tiny', { imageSize: 8, channels: 2, seed: 0 }));
    expect(tiny.paramCount).toBeGreaterThan(10_000);
    expect(tiny.paramCount).toBeLessThan(100_000);
  });

  it('maps [B,H,W,K·C] to the same shape, starting near zero like DDPM', () => {
    const net = track(createUNet('tiny', { imageSize: 8, channels: 4, seed: 0 }));
    const out = net.apply(tf.randomNormal([3, 8, 8, 4]), tf.tensor1d([0, 0.5, 1]), false);
    expect(out.shape).toEqual([3, 8, 8, 4]);
    expect(tf.max(tf.abs(out)).dataSync()[0]).toBeLessThan(1e-3);
    out.dispose();
  });

  it('depends on t through the time embedding', async () => {
    const net = track(createUNet('tiny', { imageSize: 8, channels: 2, seed: 0 }));
    net.setWeights(
      (await net.getWeights()).map((w) => ({ ...w, values: w.values.map((_, i) => Math.sin(i)) })),
    );
    const u = tf.randomNormal([1, 8, 8, 2]) as tf.Tensor4D;
    const diff = tf.sub(
      net.apply(u, tf.tensor1d([0.1]), false),
      net.apply(u, tf.tensor1d([0.9]), false),
    );
    expect(tf.max(tf.abs(diff)).dataSync()[0]).toBeGreaterThan(1e-3);
  });

  it('initializes the same from the same seed and round-trips named weights', async () => {
    const a = track(createUNet('tiny', { imageSize: 8, channels: 2, seed: 5 }));
    const b = track(createUNet('tiny', { imageSize: 8, channels: 2, seed: 5 }));
    const c = track(createUNet('tiny', { imageSize: 8, channels: 2, seed: 6 }));
    const weights = await a.getWeights();
    expect(await b.getWeights()).toEqual(weights);
    expect(await c.getWeights()).not.toEqual(weights);
    c.setWeights(weights);
    expect(await c.getWeights()).toEqual(weights);
    expect(() => c.setWeights(weights.slice(1))).toThrow(/lacks weight/);
  });

  it('repeats dropout masks from the RNG state', async () => {
    const net = track(
      createUNet(
        { ch: 8, chMult: [1], numResBlocks: 1, attnResolutions: [], dropout: 0.5 },
        { imageSize: 4, channels: 1, seed: 0 },
      ),
    );
    net.setWeights(
      (await net.getWeights()).map((w) => ({ ...w, values: w.values.map((_, i) => Math.cos(i)) })),
    );
    const u = tf.randomNormal([2, 4, 4, 1]) as tf.Tensor4D;
    const t = tf.tensor1d([0.3, 0.7]);
    const state = net.rngState;
    const first = net.apply(u, t, true).dataSync();
    const second = net.apply(u, t, true).dataSync();
    net.rngState = state;
    expect(net.apply(u, t, true).dataSync()).toEqual(first);
    expect(second).not.toEqual(first);
  });

  it('rejects an image size the levels cannot halve', () => {
    expect(() => createUNet('mnist', { imageSize: 30, channels: 1, seed: 0 })).toThrow(/halve/);
  });

  it('toy MLP maps [B,1,1,K·2] to the same shape', () => {
    const net = track(createMlp({ channels: 6, seed: 0 }));
    const out = net.apply(
      tf.randomNormal([5, 1, 1, 6]),
      tf.randomUniform([5]) as tf.Tensor1D,
      true,
    );
    expect(out.shape).toEqual([5, 1, 1, 6]);
    expect(net.kind).toBe('mlp');
  });
});
