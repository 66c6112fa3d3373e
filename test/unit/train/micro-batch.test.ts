import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { microBatchGrads } from '../../../src-main/backend/train/micro-batch';
import { createUNet } from '../../../src-main/backend/train/nn/unet';

describe('microBatchGrads', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('equals the full-batch gradient of a per-example mean loss', () => {
    const net = createUNet('tiny', { imageSize: 8, channels: 1, seed: 3 });
    const weights = net.getWeights();
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
});
