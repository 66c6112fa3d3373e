import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/backend/train/backend';
import { groupNorm } from '../../../src-main/backend/train/nn/group-norm';
import { conv3x3, silu, upsample2x } from '../../../src-main/backend/train/nn/layers';
import { createMlp } from '../../../src-main/backend/train/nn/mlp';
import { Rng } from '#shared/random';
import type { ScoreNet } from '../../../src-main/backend/train/nn/score-net';
import { UNET_SIZES, createUNet } from '../../../src-main/backend/train/nn/unet';

/** ‖a − b‖∞ / ‖b‖∞, worst over pairs of tensors: the acceptance metric of issue #4. */
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

/** Relative error of wasm against cpu for the same computation. */
async function wasmVsCpu(compute: () => tf.Tensor[]): Promise<number> {
  return maxRelError(await on('wasm', compute), await on('cpu', compute));
}

const normal = (rng: Rng, shape: number[], std = 1) =>
  tf.mul(tf.tensor(rng.normals(shape.reduce((p, s) => p * s, 1)), shape), std);

/** Gradients of a random projection of f's output with respect to its inputs. */
function inputGrads(seed: number, shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Tensor) {
  return (): tf.Tensor[] => {
    const rng = new Rng(seed);
    const xs = shapes.map((s) => normal(rng, s));
    const dy = normal(rng, f(...xs).shape);
    return tf.grads(f)(xs, dy);
  };
}

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

/** Every other operation whose gradient the U-Net uses, on small shapes. */
const OP_CASES: { name: string; shapes: number[][]; f: (...xs: tf.Tensor[]) => tf.Tensor }[] = [
  {
    name: 'GroupNorm (+ SiLU), custom gradient, x and affine parameters',
    shapes: [[2, 4, 4, 8], [8], [8]],
    f: (x, gamma, beta) => {
      const p = { gamma: gamma as tf.Variable, beta: beta as tf.Variable, groups: 2 };
      return tf.add(groupNorm(x as tf.Tensor4D, p), groupNorm(x as tf.Tensor4D, p, true));
    },
  },
  { name: 'SiLU', shapes: [[3, 5]], f: (x) => silu(x) },
  { name: 'softmax', shapes: [[2, 6, 6]], f: (x) => tf.softmax(x) },
  {
    name: 'attention matmuls',
    shapes: [
      [2, 5, 3],
      [2, 5, 3],
    ],
    f: (q, k) =>
      tf.matMul(
        tf.softmax(tf.matMul(q as tf.Tensor3D, k as tf.Tensor3D, false, true)),
        k as tf.Tensor3D,
      ),
  },
  {
    name: 'nearest-neighbour upsample',
    shapes: [[2, 3, 3, 2]],
    f: (x) => upsample2x(x as tf.Tensor4D),
  },
  {
    name: 'conv + bias, stride 2 (downsample)',
    shapes: [[2, 6, 6, 3], [3, 3, 3, 4], [4]],
    f: (x, w, b) => conv3x3(x as tf.Tensor4D, { w: w as tf.Variable, b: b as tf.Variable }, 2),
  },
  {
    name: 'split, concat, reshape',
    shapes: [[2, 3, 3, 6]],
    f: (x) => {
      const [a, b] = tf.split(x, 2, 3);
      return tf.concat(
        [tf.reshape(b as tf.Tensor, [2, 9, 3]), tf.reshape(a as tf.Tensor, [2, 9, 3])],
        1,
      );
    },
  },
];

/** Gradients of a random projection of the net's output with respect to all its parameters. */
function paramGrads(net: ScoreNet, shape: [number, number, number, number]): () => tf.Tensor[] {
  return () => {
    const rng = new Rng(3);
    const u = normal(rng, shape) as tf.Tensor4D;
    const t = tf.tensor1d(rng.uniforms(shape[0], 0, 1));
    const r = normal(rng, shape);
    net.rngState = 11;
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(net.apply(u, t, true), r)),
      net.variables,
    );
    return net.variables.map((v) => grads[v.name] as tf.Tensor);
  };
}

/** Replaces the near-zero DDPM initialization by O(1) weights so every gradient path is exercised. */
function randomizeWeights(net: ScoreNet, seed: number): void {
  const rng = new Rng(seed);
  net.setWeights(
    net
      .getWeights()
      .map((w) => ({ ...w, values: rng.normals(w.values.length).map((v) => 0.3 * v) })),
  );
}

describe('wasm gradients match the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
  });

  it.each(CONV_CASES)('conv2d x$x f$f stride $stride pad $pad', async (c) => {
    const conv = (x: tf.Tensor, f: tf.Tensor) =>
      tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
    expect(await wasmVsCpu(inputGrads(7, [c.x, c.f], conv))).toBeLessThan(1e-4);
  });

  it.each(OP_CASES)('$name', async ({ shapes, f }) => {
    expect(await wasmVsCpu(inputGrads(5, shapes, f))).toBeLessThan(1e-4);
  });

  it('every parameter gradient of the tiny U-Net (with dropout and attention)', async () => {
    await tf.setBackend('wasm');
    const net = createUNet(
      { ...UNET_SIZES.tiny, dropout: 0.2 },
      { imageSize: 8, channels: 2, seed: 1 },
    );
    randomizeWeights(net, 2);
    const err = await wasmVsCpu(paramGrads(net, [2, 8, 8, 2]));
    tf.dispose(net.variables);
    expect(err).toBeLessThan(1e-4);
  });

  it('every parameter gradient of the toy MLP', async () => {
    await tf.setBackend('wasm');
    const net = createMlp({ channels: 4, seed: 1 });
    randomizeWeights(net, 2);
    const err = await wasmVsCpu(paramGrads(net, [5, 1, 1, 4]));
    tf.dispose(net.variables);
    expect(err).toBeLessThan(1e-4);
  });
});
