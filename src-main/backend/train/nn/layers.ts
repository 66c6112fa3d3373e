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

/**
 * k×k convolution weights [k, k, cin, cout] and bias; k = 1 is DDPM's NIN (a dense layer over the
 * channels of each pixel), kept a convolution because XNNPACK runs it and its gradients far faster
 * than wasm's BatchMatMul with transposed operands.
 */
export function convParams(
  ps: ParamSet,
  name: string,
  cin: number,
  cout: number,
  scale = 1,
  k = 3,
): Dense {
  return {
    w: ps.fanAvg(`${name}.w`, [k, k, cin, cout], k * k * cin, k * k * cout, scale),
    b: ps.constant(`${name}.b`, [cout], 0),
  };
}

/** DDPM's NIN: a 1×1 convolution with bias (weights from convParams with k = 1). */
export function nin(x: tf.Tensor4D, p: Dense): tf.Tensor4D {
  return tf.fused.conv2d({ x, filter: p.w as tf.Tensor4D, bias: p.b, strides: 1, pad: 'valid' });
}

/**
 * 3×3 'same' convolution plus bias, fused so the tape keeps one tensor; stride 2 is DDPM's
 * downsampling (TF 'SAME': pad 0 before, 1 after).
 */
export function conv3x3(x: tf.Tensor4D, p: Dense, stride = 1): tf.Tensor4D {
  return tf.fused.conv2d({
    x,
    filter: p.w as tf.Tensor4D,
    bias: p.b,
    strides: stride,
    pad: 'same',
  });
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
