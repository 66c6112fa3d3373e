import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { microBatchFor } from '#shared/config/model-memory';
import { microBatchGrads } from '../../../src-main/backend/train/micro-batch';
import { largestActivationBytes, topologyFor } from '../../../src-main/backend/train/model';
import { createUNet } from '../../../src-main/backend/train/nn/unet';

describe('microBatchGrads', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('equals the full-batch gradient of a per-example mean loss', async () => {
    const net = createUNet('tiny', { imageSize: 8, channels: 1, seed: 3 });
    const weights = await net.getWeights();
    net.setWeights(
      weights.map((w) => ({ ...w, values: w.values.map((_, i) => 0.3 * Math.sin(1.7 * i)) })),
    );
    const u = tf.randomNormal([5, 8, 8, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const t = tf.randomUniform([5], 0, 1, 'float32', 2) as tf.Tensor1D;
    const target = tf.randomNormal([5, 8, 8, 1], 0, 1, 'float32', 3);
    const loss = (start: number, size: number) => {
      const slice = <T extends tf.Tensor>(x: T) => tf.slice(x, start, size) as T;
      return tf.mean(
        tf.squaredDifference(net.apply(slice(u), slice(t), false), slice(target)),
      ) as tf.Scalar;
    };
    const full = tf.variableGrads(() => loss(0, 5), net.variables);
    const micro = microBatchGrads(5, 2, loss, net.variables);
    expect(micro.value.dataSync()[0]).toBeCloseTo(full.value.dataSync()[0] as number, 5);
    for (const [name, g] of Object.entries(full.grads)) {
      const diff = tf
        .max(tf.abs(tf.sub(g, micro.grads[name] as tf.Tensor)))
        .dataSync()[0] as number;
      expect(diff).toBeLessThanOrEqual(1e-6 + 1e-4 * (tf.max(tf.abs(g)).dataSync()[0] as number));
    }
  });

  it('shrinks the micro-batch to fit the GPU binding limit, naming why, and refuses what cannot fit', () => {
    const mib = 2 ** 20;
    const cifar = topologyFor('cifar', { kind: 'image', shape: [32, 32, 3] }, 1);
    const perImage = largestActivationBytes(cifar);
    expect(perImage).toBe(32 * 32 * 2 * 128 * 2 * 4); // the level-0 skip concatenation bound
    // lavapipe's 128 MiB binding holds 64 such images: the cifar U-Net at batch 128 keeps 32 per pass.
    expect(microBatchFor(128, 32, perImage, 128 * mib)).toEqual({ size: 32, reason: null });
    expect(microBatchFor(128, 32, perImage, null)).toEqual({ size: 32, reason: null });
    const small = microBatchFor(128, 32, perImage, 16 * mib);
    expect(small.size).toBe(8);
    expect(small.reason).toMatch(/micro-batches of 8 images.*max storage binding of 16\.0 MiB/);
    expect(() => microBatchFor(128, 32, perImage, mib)).toThrow(/too big for this GPU/);
  });
});
