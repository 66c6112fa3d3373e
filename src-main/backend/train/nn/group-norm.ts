import * as tf from '@tensorflow/tfjs-core';
import type { ParamSet } from './params';

export interface Norm {
  gamma: tf.Variable;
  beta: tf.Variable;
  groups: number;
}

/**
 * GroupNorm with min(32, C/4) groups (score_sde's convention). DDPM's fixed 32 would make each
 * group a single channel at ch 32 (the MNIST net), where normalization erases the time embedding
 * that the residual block adds per channel.
 */
export function groupNormParams(
  ps: ParamSet,
  name: string,
  channels: number,
  maxGroups = 32,
): Norm {
  let groups = Math.max(1, Math.min(maxGroups, Math.floor(channels / 4)));
  while (channels % groups !== 0) groups--;
  return {
    gamma: ps.constant(`${name}.gamma`, [channels], 1),
    beta: ps.constant(`${name}.beta`, [channels], 0),
    groups,
  };
}

const EPS = 1e-6;

/** x̂ = (x − μ)/σ per sample and group, in the grouped shape [B, H·W, G, C/G], and 1/σ. */
function standardize(x: tf.Tensor4D, groups: number) {
  const [b, h, w, c] = x.shape;
  const grouped = tf.reshape(x, [b, h * w, groups, c / groups]);
  const { mean, variance } = tf.moments(grouped, [1, 3], true);
  const rstd = tf.rsqrt(tf.add(variance, EPS));
  return { xhat: tf.mul(tf.sub(grouped, mean), rstd), rstd };
}

/**
 * Group normalization (Wu & He 2018, eps 1e-6 as in DDPM), optionally followed by SiLU, with a
 * hand-written gradient: the tape keeps only x instead of the ~8 full-size intermediates autodiff
 * would, which is what lets a batch of 128 fit in wasm's 4 GiB (tfjs frees nothing until the
 * backward pass ends). The statistics are recomputed in the backward pass.
 */
export function groupNorm(x: tf.Tensor4D, p: Norm, silu = false): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, gamma, beta, save] = args as [tf.Tensor4D, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([input, gamma, beta]);
    const affine = (xhat: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.add(tf.mul(tf.reshape(xhat, input.shape), g), b) as tf.Tensor4D;
    const y = affine(standardize(input, p.groups).xhat, gamma, beta);
    return {
      value: silu ? tf.mul(y, tf.sigmoid(y)) : y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [xs, g, b] = saved as [tf.Tensor4D, tf.Tensor, tf.Tensor];
          const { xhat, rstd } = standardize(xs, p.groups);
          let dz = dy;
          if (silu) {
            const z = affine(xhat, g, b);
            const s = tf.sigmoid(z);
            dz = tf.mul(dy, tf.mul(s, tf.add(1, tf.mul(z, tf.sub(1, s)))));
          }
          const xhat4 = tf.reshape(xhat, xs.shape);
          const dgamma = tf.sum(tf.mul(dz, xhat4), [0, 1, 2]);
          const dbeta = tf.sum(dz, [0, 1, 2]);
          const dxhat = tf.reshape(tf.mul(dz, g), xhat.shape);
          const meanD = tf.mean(dxhat, [1, 3], true);
          const meanDX = tf.mean(tf.mul(dxhat, xhat), [1, 3], true);
          const dx = tf.mul(rstd, tf.sub(tf.sub(dxhat, meanD), tf.mul(xhat, meanDX)));
          return [tf.reshape(dx, xs.shape), dgamma, dbeta];
        }),
    };
  });
  return op(x, p.gamma, p.beta) as tf.Tensor4D;
}
