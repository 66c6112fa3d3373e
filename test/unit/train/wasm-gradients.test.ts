import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/backend/train/backend';
import { Rng } from '../../../src-main/backend/train/nn/rng';

/** ‖a − b‖∞ / ‖b‖∞ over every pair of gradient tensors, the acceptance metric (issue #4). */
function maxRelError(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((values, i) => {
    const ref = b[i] as Float32Array;
    let diff = 0;
    let scale = 1e-30;
    values.forEach((v, j) => {
      diff = Math.max(diff, Math.abs(v - (ref[j] as number)));
      scale = Math.max(scale, Math.abs(ref[j] as number));
    });
    worst = Math.max(worst, diff / scale);
  });
  return worst;
}

/** Runs `compute` on a backend and reads back every tensor it returns. */
async function on(backend: string, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(compute);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

const normal = (rng: Rng, shape: number[]) =>
  tf.tensor(rng.normals(shape.reduce((p, s) => p * s, 1)), shape);

interface ConvCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  stride: number | [number, number];
  pad: 'same' | 'valid' | number;
}

const CONV_CASES: ConvCase[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 5], stride: 2, pad: 'same' },
  { x: [1, 7, 7, 2], f: [3, 3, 2, 3], stride: 2, pad: 'same' },
  { x: [3, 6, 9, 4], f: [1, 1, 4, 2], stride: 1, pad: 'valid' },
  { x: [2, 9, 8, 2], f: [3, 2, 2, 3], stride: [2, 3], pad: 'valid' },
  { x: [1, 6, 6, 3], f: [5, 5, 3, 2], stride: 1, pad: 1 },
  { x: [2, 10, 10, 2], f: [3, 3, 2, 2], stride: 3, pad: 2 },
  { x: [1, 5, 5, 1], f: [2, 2, 1, 1], stride: 1, pad: 'same' },
];

describe('wasm gradients match the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
  });

  it.each(CONV_CASES)('conv2d gradients x$x f$f stride $stride pad $pad', async (c) => {
    const grads = () => {
      const rng = new Rng(7);
      const x = normal(rng, c.x);
      const f = normal(rng, c.f);
      const y = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
      const dy = normal(rng, y.shape);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad),
      );
      return g([x, f], dy);
    };
    const err = maxRelError(await on('wasm', grads), await on('cpu', grads));
    expect(err).toBeLessThan(1e-4);
  });
});
