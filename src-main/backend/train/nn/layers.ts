import * as tf from '@tensorflow/tfjs-core';
import type { ParamSet } from './params';

/** The building blocks of the DDPM U-Net (Ho et al. 2020, diffusion_tf/nn.py and models/unet.py). */

export interface Dense {
  w: tf.Variable;
  b: tf.Variable;
}

export function denseParams(
  ps: ParamSet,
  name: string,
  cin: number,
  cout: number,
  scale = 1,
): Dense {
  return {
    w: ps.fanAvg(`${name}.w`, [cin, cout], cin, cout, scale),
    b: ps.constant(`${name}.b`, [cout], 0),
  };
}

/** x·W + b over the last axis of a 2-D tensor. */
export function dense(x: tf.Tensor2D, p: Dense): tf.Tensor2D {
  return tf.add(tf.matMul(x, p.w as tf.Tensor2D), p.b);
}

/** DDPM's NIN: a dense layer over the channels of every pixel (a 1×1 convolution). */
export function nin(x: tf.Tensor4D, p: Dense): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const y = dense(tf.reshape(x, [b * h * w, c]), p);
  return tf.reshape(y, [b, h, w, y.shape[1]]);
}

export function convParams(
  ps: ParamSet,
  name: string,
  cin: number,
  cout: number,
  scale = 1,
): Dense {
  return {
    w: ps.fanAvg(`${name}.w`, [3, 3, cin, cout], 9 * cin, 9 * cout, scale),
    b: ps.constant(`${name}.b`, [cout], 0),
  };
}

/** 3×3 'same' convolution; stride 2 is DDPM's downsampling (TF 'SAME': pad 0 before, 1 after). */
export function conv3x3(x: tf.Tensor4D, p: Dense, stride = 1): tf.Tensor4D {
  return tf.add(tf.conv2d(x, p.w as tf.Tensor4D, stride, 'same'), p.b);
}

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

/** Group normalization (Wu & He 2018), eps 1e-6 as in DDPM. */
export function groupNorm(x: tf.Tensor4D, p: Norm): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const grouped = tf.reshape(x, [b, h * w, p.groups, c / p.groups]);
  const { mean, variance } = tf.moments(grouped, [1, 3], true);
  const normed = tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, 1e-6)));
  return tf.add(tf.mul(tf.reshape(normed, x.shape), p.gamma), p.beta);
}

/**
 * Nearest-neighbour ×2 upsampling (DDPM upsample) by repeating columns then rows. Not
 * tf.image.resizeNearestNeighbor: tfjs-backend-cpu 4.22's gradient of it is wrong for batch > 1
 * (it offsets dy by the input's batch stride).
 */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const cols = tf.reshape(x, [b * h, w, 1, c]);
  const wide = tf.reshape(tf.concat([cols, cols], 2), [b, h, 1, 2 * w * c]);
  return tf.reshape(tf.concat([wide, wide], 2), [b, 2 * h, 2 * w, c]);
}

/** SiLU / swish, DDPM's nonlinearity: x·σ(x). */
export function silu<T extends tf.Tensor>(x: T): T {
  return tf.mul(x, tf.sigmoid(x));
}

/**
 * Sinusoidal embedding of t ∈ [0, 1] scaled to DDPM's 1000 steps (Vaswani et al. 2017;
 * Ho et al. 2020 get_timestep_embedding): [sin(1000·t·f_i), cos(1000·t·f_i)], f_i = 10000^(−i/(d/2−1)).
 */
export function timestepEmbedding(t: tf.Tensor1D, dim: number): tf.Tensor2D {
  const half = dim / 2;
  const freqs = tf.exp(tf.mul(tf.range(0, half), -Math.log(10000) / Math.max(half - 1, 1)));
  const args = tf.mul(tf.reshape(tf.mul(t, 1000), [-1, 1]), tf.reshape(freqs, [1, half]));
  return tf.concat([tf.sin(args), tf.cos(args)], 1) as tf.Tensor2D;
}

/** Inverted dropout; `seed` makes the mask repeatable. */
export function dropout(x: tf.Tensor4D, rate: number, seed: number): tf.Tensor4D {
  const keep = tf.cast(
    tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), rate),
    'float32',
  );
  return tf.mul(x, tf.div(keep, 1 - rate));
}
