/**
 * Samplers of docs/science.md §7: Euler–Maruyama on the reverse SDE and Heun on the probability-flow ODE, from π = N(0, I)
 * over all K variables on a quadratic time grid, finished by the denoised mean Φ⁻¹(u + Σ s) at t_min.
 * Each step is three K×K products per data coordinate, with the K×K matrices computed in float64 from the spec.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cholesky, inverse, lowerInverse, psdFactor } from '#shared/mdm/linalg/decompose';
import { add, identity, matMul, scale, transpose, type Matrix } from '#shared/mdm/linalg/matrix';
import { transitionKernel } from '#shared/mdm/kernels';
import { Rng } from '#shared/random';
import { beta, T_MIN } from '#shared/mdm/schedule';
import type { DiffusionSpec } from '#shared/mdm/spec';
import type { EpsModel } from '#shared/mdm/tensor/elbo';
import { fromVectors, toVectors } from '#shared/mdm/tensor/layout';
import type { SampleMethod } from '#shared/api/checkpoint-tasks';

/** A live view of the trajectory: u [B, H, W, K·C] at time t, valid only during the call. */
export interface SampleStep {
  index: number;
  steps: number;
  t: number;
  u: tf.Tensor4D;
}
export type OnSampleStep = (step: SampleStep) => void;

export interface SamplerOptions {
  /** Seed of the initial draw and of the Euler–Maruyama noise. */
  seed: number;
  /** Replace the state at the last time by the denoised mean Φ⁻¹(u + Σ s) (default true). */
  denoise?: boolean;
  onStep?: OnSampleStep;
}

/** steps + 1 decreasing times from 1 to tMin, quadratic so that steps are finest near the data: t_i = tMin + (1 − tMin)(1 − i/N)². */
export function quadraticTimes(steps: number, tMin = T_MIN): number[] {
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`sampling needs a whole number of steps ≥ 1, got ${steps}`);
  return Array.from({ length: steps + 1 }, (_, i) => tMin + (1 - tMin) * (1 - i / steps) ** 2);
}

/** L_t⁻¹ of the hybrid kernel (the score is s = −L_t⁻ᵀ ε̂, docs/science.md §4). */
function hybridCholInv(spec: DiffusionSpec, t: number): Matrix {
  return lowerInverse(cholesky(transitionKernel(spec, t, 'hybrid').sigma));
}

/** The state as K-vectors per data coordinate [n, K] and back to the network's [B, H, W, K·C]. */
interface Layout {
  shape: [number, number, number, number];
  k: number;
}
const toImage = (u: tf.Tensor2D, l: Layout): tf.Tensor4D =>
  fromVectors(tf.reshape(u, [l.shape[0], -1, l.k]), l.shape);
const fromImage = (u: tf.Tensor4D, l: Layout): tf.Tensor2D =>
  tf.reshape(toVectors(u, l.k), [-1, l.k]);

/** Runs the model at time t on the [n, K] state and returns ε̂ as [n, K]. */
function epsAt(model: EpsModel, u: tf.Tensor2D, t: number, l: Layout): tf.Tensor2D {
  return fromImage(model(toImage(u, l), tf.fill([l.shape[0]], t) as tf.Tensor1D), l);
}

/** u @ a + e @ b (+ z @ c): the update of every step, for row vectors. */
function affine(
  u: tf.Tensor2D,
  a: Matrix,
  e: tf.Tensor2D,
  b: Matrix,
  z?: tf.Tensor2D,
  c?: Matrix,
): tf.Tensor2D {
  let out = tf.add(tf.matMul(u, tf.tensor2d(a)), tf.matMul(e, tf.tensor2d(b)));
  if (z && c) out = tf.add(out, tf.matMul(z, tf.tensor2d(c)));
  return out as tf.Tensor2D;
}

/** x̂_0 = Φ⁻¹(u + Σ s) with the full kernel at t (docs/science.md §4 offset, §7), for row vectors. */
function denoised(
  model: EpsModel,
  spec: DiffusionSpec,
  u: tf.Tensor2D,
  t: number,
  l: Layout,
): tf.Tensor2D {
  const full = transitionKernel(spec, t, 'full');
  const phiInvT = transpose(inverse(full.phi));
  const b = scale(matMul(matMul(hybridCholInv(spec, t), full.sigma), phiInvT), -1);
  return tf.tidy(() => affine(u, phiInvT, epsAt(model, u, t, l), b));
}

function layoutOf(u: tf.Tensor4D, spec: DiffusionSpec): Layout {
  const [b, h, w, kc] = u.shape;
  if (kc % spec.k !== 0)
    throw new Error(`state has ${kc} channels, not a multiple of K = ${spec.k}`);
  return { shape: [b, h, w, kc / spec.k], k: spec.k };
}

/** A sampler: integrates the reverse process from u0 at times[0] down to times[N]; returns [B, H, W, K·C]. */
export type Sampler = (
  model: EpsModel,
  spec: DiffusionSpec,
  u0: tf.Tensor4D,
  times: number[],
  opts: SamplerOptions,
) => tf.Tensor4D;

/** One step of a reverse-time integrator: the [n, K] state at times[i] to the state at times[i + 1]; `eps` runs the model. */
type Integrator = (
  u: tf.Tensor2D,
  i: number,
  eps: (u: tf.Tensor2D, t: number) => tf.Tensor2D,
) => tf.Tensor2D;

/** The skeleton every sampler shares: integrate from times[0] to times[N], report each state, then denoise at t_min. */
function integrate(
  model: EpsModel,
  spec: DiffusionSpec,
  u0: tf.Tensor4D,
  times: number[],
  opts: SamplerOptions,
  step: Integrator,
): tf.Tensor4D {
  const l = layoutOf(u0, spec);
  const eps = (u: tf.Tensor2D, t: number) => epsAt(model, u, t, l);
  let u = tf.tidy(() => fromImage(u0, l));
  const steps = times.length - 1;
  for (let i = 0; i < steps; i++) {
    const next = tf.tidy(() => step(u, i, eps));
    u.dispose();
    u = next;
    if (opts.onStep) {
      const image = tf.tidy(() => toImage(u, l));
      try {
        opts.onStep({ index: i + 1, steps, t: times[i + 1]!, u: image });
      } finally {
        image.dispose();
      }
    }
  }
  const last =
    opts.denoise === false ? u : tf.tidy(() => denoised(model, spec, u, times[steps]!, l));
  if (last !== u) u.dispose();
  const out = tf.tidy(() => toImage(last, l));
  last.dispose();
  return out;
}

/** Euler–Maruyama on du = [−A(t)u + GGᵀ(t) s(u, t)] dt′ + G dW̄ from times[0] down to times[N] (docs/science.md §7); returns [B, H, W, K·C]. */
export const sampleEulerMaruyama: Sampler = (model, spec, u0, times, opts) => {
  const k = spec.k;
  const drift = add(spec.q, spec.d);
  const g0t = transpose(psdFactor(spec.d));
  const rng = new Rng(opts.seed);
  return integrate(model, spec, u0, times, opts, (u, i, eps) => {
    const t = times[i]!;
    const h = t - times[i + 1]!;
    const b = beta(spec.schedule, t);
    const p = add(identity(k), scale(transpose(drift), h * b));
    const r = scale(matMul(hybridCholInv(spec, t), spec.d), -2 * b * h);
    const c = scale(g0t, Math.sqrt(2 * b * h));
    const z = tf.randomNormal(u.shape, 0, 1, 'float32', rng.seed()) as tf.Tensor2D;
    return affine(u, p, eps(u, t), r, z, c);
  });
};

/** Heun's method on the probability-flow ODE du/dt = A(t)u − ½ GGᵀ(t) s(u, t) (docs/science.md §7); deterministic given u0. */
export const sampleProbabilityFlow: Sampler = (model, spec, u0, times, opts) => {
  const drift = add(spec.q, spec.d);
  return integrate(model, spec, u0, times, opts, (u, i, eps) => {
    // f(u, t) = u @ (−β(Q+D)ᵀ) + ε̂ @ (β L⁻¹ D), for row vectors.
    const f = (v: tf.Tensor2D, t: number) => {
      const b = beta(spec.schedule, t);
      return affine(
        v,
        scale(transpose(drift), -b),
        eps(v, t),
        scale(matMul(hybridCholInv(spec, t), spec.d), b),
      );
    };
    const t = times[i]!;
    const dt = times[i + 1]! - t;
    const k1 = f(u, t);
    const k2 = f(tf.add(u, tf.mul(k1, dt)) as tf.Tensor2D, times[i + 1]!);
    return tf.add(u, tf.mul(tf.add(k1, k2), dt / 2)) as tf.Tensor2D;
  });
};

export interface DrawOptions {
  count: number;
  /** Per-example shape of the data [H, W, C] ([1, 1, 2] for points). */
  shape: [number, number, number];
  method: SampleMethod;
  steps: number;
  seed: number;
  tMin?: number;
  /** Largest batch per sampler call (memory); default 256. */
  maxBatch?: number;
  onStep?: OnSampleStep;
}

/** Draws `count` samples of x (the first variable), in model space, as a flat Float32Array [count, H, W, C]. */
export async function drawSamples(
  model: EpsModel,
  spec: DiffusionSpec,
  o: DrawOptions,
): Promise<Float32Array> {
  const [h, w, c] = o.shape;
  const d = h * w * c;
  const out = new Float32Array(o.count * d);
  const times = quadraticTimes(o.steps, o.tMin);
  const maxBatch = o.maxBatch ?? 256;
  const rng = new Rng(o.seed);
  const sampler = o.method === 'em' ? sampleEulerMaruyama : sampleProbabilityFlow;
  for (let start = 0; start < o.count; start += maxBatch) {
    const b = Math.min(maxBatch, o.count - start);
    const u0 = tf.randomNormal([b, h, w, spec.k * c], 0, 1, 'float32', rng.seed()) as tf.Tensor4D;
    const u = sampler(model, spec, u0, times, {
      seed: rng.seed(),
      ...(o.onStep ? { onStep: o.onStep } : {}),
    });
    u0.dispose();
    const x = tf.tidy(() => tf.slice(u, [0, 0, 0, 0], [b, h, w, c]));
    out.set(await x.data(), start * d);
    tf.dispose([u, x]);
  }
  return out;
}
