import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupNorm } from '../../../src-main/backend/train/nn/group-norm';
import { Rng } from '#shared/random';
import '../../../src-main/backend/train/gradients';

/** GroupNorm (+ SiLU) written with plain ops, differentiated by tfjs's autodiff. */
function reference(
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  groups: number,
  silu: boolean,
) {
  const [b, h, w, c] = x.shape;
  const g = tf.reshape(x, [b, h * w, groups, c / groups]);
  const { mean, variance } = tf.moments(g, [1, 3], true);
  const xhat = tf.reshape(tf.div(tf.sub(g, mean), tf.sqrt(tf.add(variance, 1e-6))), x.shape);
  const y = tf.add(tf.mul(xhat, gamma), beta);
  return silu ? tf.mul(y, tf.sigmoid(y)) : y;
}

describe('groupNorm custom gradient', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([false, true])('matches autodiff of the plain formula (silu %s)', (silu) => {
    const rng = new Rng(4);
    const x = tf.tensor4d(rng.normals(2 * 3 * 5 * 12), [2, 3, 5, 12]);
    const gamma = tf.tensor1d(rng.normals(12));
    const beta = tf.tensor1d(rng.normals(12));
    const dy = tf.tensor4d(rng.normals(2 * 3 * 5 * 12), [2, 3, 5, 12]);
    const p = (g: tf.Tensor, b: tf.Tensor) => ({
      gamma: g as tf.Variable,
      beta: b as tf.Variable,
      groups: 3,
    });
    const ours = tf.grads((a, g, b) => groupNorm(a as tf.Tensor4D, p(g, b), silu))(
      [x, gamma, beta],
      dy,
    );
    const ref = tf.grads((a, g, b) => reference(a as tf.Tensor4D, g, b, 3, silu))(
      [x, gamma, beta],
      dy,
    );
    const value = groupNorm(x, p(gamma, beta), silu);
    expect(
      tf.max(tf.abs(tf.sub(value, reference(x, gamma, beta, 3, silu)))).dataSync()[0],
    ).toBeLessThan(1e-5);
    ours.forEach((g, i) => {
      const err = tf.max(tf.abs(tf.sub(g, ref[i] as tf.Tensor))).dataSync()[0] as number;
      expect(err / (tf.max(tf.abs(ref[i] as tf.Tensor)).dataSync()[0] as number)).toBeLessThan(
        1e-5,
      );
    });
  });
});
