/** Shared by the backend gradient tests (wasm, webgpu): the same computation on a backend and on cpu, and the layer cases of the U-Net. */
import * as tf from '@tensorflow/tfjs-core';
import { specOfChoice } from '#shared/config/diffusion-choice';
import type { DiffusionChoice } from '#shared/config/run-config';
import { createElboFn } from '#shared/mdm/tensor/elbo';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import { groupNorm } from '../../../src-main/backend/train/nn/group-norm';
import {
  conv3x3,
  dense,
  nin,
  silu,
  timestepEmbedding,
  upsample2x,
} from '../../../src-main/backend/train/nn/layers';
import { Rng } from '#shared/random';
import type { ScoreNet } from '../../../src-main/backend/train/nn/score-net';
import { createMlp } from '../../../src-main/backend/train/nn/mlp';
import { UNET_SIZES, createUNet } from '../../../src-main/backend/train/nn/unet';

/** ‖a − b‖∞ / ‖b‖∞, worst over pairs of tensors: the acceptance metric of issues #4 and #10. */
export function maxRelError(a: Float32Array[], b: Float32Array[]): number {
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
export async function on(backend: string, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(compute);
  const values = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(outs);
  return values;
}

/**
 * Relative error of `backend` against cpu for the same computation. Cpu runs first: tensors made
 * there move to the other backend, never back (WebGPU in Node cannot be read synchronously).
 */
export async function versusCpu(backend: string, compute: () => tf.Tensor[]): Promise<number> {
  const reference = await on('cpu', compute);
  return maxRelError(await on(backend, compute), reference);
}

export const normal = (rng: Rng, shape: number[], std = 1) =>
  tf.mul(tf.tensor(rng.normals(shape.reduce((p, s) => p * s, 1)), shape), std);

/** Gradients of a random projection of f's output with respect to its inputs. */
export function inputGrads(seed: number, shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Tensor) {
  return (): tf.Tensor[] => {
    const rng = new Rng(seed);
    const xs = shapes.map((s) => normal(rng, s));
    const dy = normal(rng, f(...xs).shape);
    return tf.grads(f)(xs, dy);
  };
}

export interface ConvCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  stride: number | [number, number];
  pad: 'same' | 'valid' | number;
}

export const CONV_CASES: ConvCase[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 5], stride: 2, pad: 'same' },
  { x: [1, 7, 7, 2], f: [3, 3, 2, 3], stride: 2, pad: 'same' },
  { x: [3, 6, 9, 4], f: [1, 1, 4, 2], stride: 1, pad: 'valid' },
  { x: [2, 9, 8, 2], f: [3, 2, 2, 3], stride: [2, 3], pad: 'valid' },
  { x: [1, 6, 6, 3], f: [5, 5, 3, 2], stride: 1, pad: 1 },
  { x: [2, 10, 10, 2], f: [3, 3, 2, 2], stride: 3, pad: 2 },
  { x: [1, 5, 5, 1], f: [2, 2, 1, 1], stride: 1, pad: 'same' },
];

export interface OpCase {
  name: string;
  shapes: number[][];
  f: (...xs: tf.Tensor[]) => tf.Tensor;
}

/** Every layer type of the U-Net and the MLP, on small shapes. */
export const OP_CASES: OpCase[] = [
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
    name: 'conv + bias, stride 1',
    shapes: [[2, 5, 5, 3], [3, 3, 3, 4], [4]],
    f: (x, w, b) => conv3x3(x as tf.Tensor4D, { w: w as tf.Variable, b: b as tf.Variable }),
  },
  {
    name: 'conv + bias, stride 2 (downsample)',
    shapes: [[2, 6, 6, 3], [3, 3, 3, 4], [4]],
    f: (x, w, b) => conv3x3(x as tf.Tensor4D, { w: w as tf.Variable, b: b as tf.Variable }, 2),
  },
  {
    name: 'NIN (1×1 conv + bias)',
    shapes: [[2, 4, 4, 3], [1, 1, 3, 5], [5]],
    f: (x, w, b) => nin(x as tf.Tensor4D, { w: w as tf.Variable, b: b as tf.Variable }),
  },
  {
    name: 'dense (linear)',
    shapes: [[3, 6], [6, 4], [4]],
    f: (x, w, b) => dense(x as tf.Tensor2D, { w: w as tf.Variable, b: b as tf.Variable }),
  },
  {
    name: 'time embedding → dense → SiLU',
    shapes: [[3], [8, 4], [4]],
    f: (t, w, b) =>
      silu(
        dense(timestepEmbedding(t as tf.Tensor1D, 8), {
          w: w as tf.Variable,
          b: b as tf.Variable,
        }),
      ),
  },
  {
    name: 'square of addN of 20 tensors (more than a shader binds)',
    shapes: Array.from({ length: 20 }, () => [3, 4]),
    f: (...xs) => tf.square(tf.addN(xs)),
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
export function paramGrads(
  net: ScoreNet,
  shape: [number, number, number, number],
): () => tf.Tensor[] {
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
export function randomizeWeights(net: ScoreNet, seed: number): void {
  const rng = new Rng(seed);
  net.setWeights(
    net.variables.map((v, i) => ({
      name: net.weightNames[i]!,
      shape: v.shape,
      values: rng.normals(v.size).map((x) => 0.3 * x),
    })),
  );
}

function randomized(net: ScoreNet): ScoreNet {
  randomizeWeights(net, 2);
  return net;
}

/** The score nets whose every parameter gradient the backend tests compare with cpu's: O(1) weights, an input shape. */
export const NET_CASES: {
  name: string;
  build: () => ScoreNet;
  shape: [number, number, number, number];
}[] = [
  {
    name: 'tiny U-Net parameters',
    build: () =>
      randomized(
        createUNet({ ...UNET_SIZES.tiny, dropout: 0.2 }, { imageSize: 8, channels: 2, seed: 1 }),
      ),
    shape: [2, 8, 8, 2],
  },
  {
    name: 'MLP parameters',
    build: () => randomized(createMlp({ channels: 4, seed: 1 })),
    shape: [5, 1, 1, 4],
  },
];

/** The diffusions of the ELBO step cases: a preset with K = 1, one with K = 3, and learned K = 3. */
export const ELBO_CASES: { name: string; choice: DiffusionChoice }[] = [
  { name: 'vpsde', choice: { preset: 'vpsde' } },
  { name: 'malda', choice: { preset: 'malda', k: 3 } },
  { name: 'learned-3', choice: { preset: 'learned', k: 3 } },
];

/**
 * A whole training step's gradients (Trainer.trainStep's loss, mean(−ELBO)/d, docs/science.md §4) on a
 * tiny U-Net, with respect to the network and the learned Q, D. Builds the net and diffusion on
 * the active backend (make it cpu, see versusCpu); call dispose() when done.
 */
export function elboStepGrads(choice: DiffusionChoice): {
  compute: () => tf.Tensor[];
  dispose: () => void;
} {
  const spec = specOfChoice(choice, 1);
  const [b, size, channels] = [2, 8, 1];
  const net = createUNet(
    { ...UNET_SIZES.tiny, dropout: 0.1 },
    { imageSize: size, channels: channels * spec.k, seed: 1 },
  );
  randomizeWeights(net, 2);
  const diffusion = createTensorDiffusion(spec);
  const vars = [...net.variables, ...diffusion.trainableVariables()];
  const x = new Rng(4).normals(b * size * size * channels).map((v) => Math.tanh(v));
  return {
    compute: () => {
      const elbo = createElboFn(diffusion, { tSampling: 'importance', seed: 5 });
      net.rngState = 6;
      const input = tf.tensor4d(x, [b, size, size, channels]);
      const { value, grads } = tf.variableGrads(() => {
        const terms = elbo(input, (u, t) => net.apply(u, t, true));
        return tf.div(tf.neg(tf.mean(terms.total)), size * size * channels) as tf.Scalar;
      }, vars);
      return [value, ...vars.map((v) => grads[v.name] as tf.Tensor)];
    },
    dispose: () => tf.dispose(vars),
  };
}
