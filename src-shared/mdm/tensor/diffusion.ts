/** The differentiable diffusion used by training: Q, D as tensors (tf.Variables when learned) and batched kernels (docs/science.md §2–3). */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelKind } from '../kernels';
import { squaringsFor } from '../linalg/expm';
import { integratedBeta as integratedBetaAt } from '../schedule';
import { LEARNED_D_FLOOR, learnedSpec, type DiffusionSpec, type LearnedParams } from '../spec';
import {
  batchCholesky,
  batchCholeskyUpdate,
  batchCongruence,
  batchLowerInverse,
  batchOf,
} from './linalg';

/** q(u_t | u_0) for a batch of times: Φ_t, Σ_t, its Cholesky factor L_t and L_t⁻¹, each [T, K, K]. */
export interface TensorKernel {
  phi: tf.Tensor3D;
  sigma: tf.Tensor3D;
  chol: tf.Tensor3D;
  cholInv: tf.Tensor3D;
}

export interface TensorDiffusion {
  k: number;
  spec: DiffusionSpec;
  trainableVariables(): tf.Variable[];
  /** Q and D as [K, K] tensors; differentiable in the learned parameters. */
  matrices(): { q: tf.Tensor2D; d: tf.Tensor2D };
  beta(t: tf.Tensor1D): tf.Tensor1D;
  integratedBeta(t: tf.Tensor1D): tf.Tensor1D;
  /** A(t) = −β(t)(Q + D) for each t, [T, K, K] (docs/science.md §2). */
  drift(t: tf.Tensor1D): tf.Tensor3D;
  /** G Gᵀ(t) = 2β(t) D for each t, [T, K, K] (docs/science.md §2). */
  noiseCovariance(t: tf.Tensor1D): tf.Tensor3D;
  /**
   * The kernel at times t ≤ tMax (default 1, the end of the diffusion). tMax fixes the number of
   * squarings of the matrix exponential in plain numbers, so no backend has to read t back (WebGPU
   * in Node cannot read synchronously).
   */
  kernel(t: tf.Tensor1D, kind: KernelKind, tMax?: number): TensorKernel;
  /** The spec with the learned parameters as of the last syncSpec() (plain data, for storing and export). */
  toSpec(): DiffusionSpec;
  /** Reads the learned parameters back from the backend after an update (nothing to do for a fixed diffusion). */
  syncSpec(): Promise<void>;
  dispose(): void;
}

/** Degree of the Taylor polynomial of the scaled block exponential (error < 1e-13 at norm 0.5). */
const TAYLOR_DEGREE = 12;

interface LearnedVariables {
  q: tf.Variable;
  d: tf.Variable | null;
  b: tf.Variable | null;
}

function learnedVariables(params: LearnedParams): LearnedVariables {
  return {
    q: tf.variable(tf.tensor2d(params.q), true),
    d: 'd' in params ? tf.variable(tf.tensor1d(params.d), true) : null,
    b: 'b' in params ? tf.variable(tf.tensor2d(params.b), true) : null,
  };
}

/** m · s_t for each t: [T, K, K] from a [K, K] matrix and [T] scalars. */
function perTime(m: tf.Tensor2D, s: tf.Tensor1D): tf.Tensor3D {
  return tf.mul(tf.expandDims(m, 0), tf.reshape(s, [-1, 1, 1]));
}

/** The K×K matrix with ones on and below the diagonal (tf.linalg.bandPart has no usable gradient here). */
function lowerMask(k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (j <= i ? 1 : 0)));
}

/** Q = q − qᵀ and D = diag(softplus(d)) + floor·I or B Bᵀ + floor·I with B = tril(b) (docs/science.md §2). */
function learnedMatrices(vars: LearnedVariables, k: number): { q: tf.Tensor2D; d: tf.Tensor2D } {
  const q = tf.sub(vars.q, tf.transpose(vars.q)) as tf.Tensor2D;
  const floor = tf.mul(tf.eye(k), LEARNED_D_FLOOR);
  if (vars.d) {
    return {
      q,
      d: tf.add(tf.mul(tf.eye(k), tf.reshape(tf.softplus(vars.d), [1, k])), floor) as tf.Tensor2D,
    };
  }
  const b = tf.mul(vars.b!, tf.tensor2d(lowerMask(k))) as tf.Tensor2D;
  return { q, d: tf.add(tf.matMul(b, b, false, true), floor) as tf.Tensor2D };
}

type Matrices = { q: tf.Tensor2D; d: tf.Tensor2D };

/** ‖[[−A, 2D], [0, Aᵀ]]‖₁ with A = Q + D: the 1-norm of the block generator per unit of B(t). */
function blockNorm(q: number[][], d: number[][]): number {
  const k = q.length;
  const a = (i: number, j: number) => Math.abs(q[i]![j]! + d[i]![j]!);
  let worst = 0;
  for (let j = 0; j < k; j++) {
    let left = 0;
    let right = 0;
    for (let i = 0; i < k; i++) {
      left += a(i, j);
      right += Math.abs(2 * d[i]![j]!) + a(j, i);
    }
    worst = Math.max(worst, left, right);
  }
  return worst;
}

/**
 * Φ_t and W_t = Σ_t − Φ_t Σ_0 Φ_tᵀ from expm(B(t)·[[−(Q+D), 2D], [0, (Q+D)ᵀ]]) (docs/science.md §3).
 * Taylor polynomial of the scaled block matrix, kept as its blocks 11 and 12 (no slicing of a 2K×2K
 * tensor), then squarings on (E, W) as in the float64 kernels.ts, so no block grows like exp(+B(Q+D)ᵀ).
 */
function propagators(
  { q, d }: Matrices,
  tau: tf.Tensor1D,
  k: number,
  s: number,
): { e: tf.Tensor3D; w: tf.Tensor3D } {
  const a = tf.add(q, d) as tf.Tensor2D;
  const scaled = tf.reshape(tf.mul(tau, 2 ** -s), [-1, 1, 1]);
  const n = tau.shape[0];
  const p = tf.mul(batchOf(tf.neg(a), n), scaled) as tf.Tensor3D;
  const g = tf.mul(batchOf(tf.mul(d, 2), n), scaled) as tf.Tensor3D;
  const nn = tf.mul(batchOf(tf.transpose(a), n), scaled) as tf.Tensor3D;
  let term11 = batchOf(tf.eye(k) as tf.Tensor2D, n);
  let term12 = tf.zerosLike(term11);
  let e = term11;
  let e12 = term12;
  for (let m = 1; m <= TAYLOR_DEGREE; m++) {
    [term11, term12] = [
      tf.div<tf.Tensor3D>(tf.matMul(term11, p), m),
      tf.div<tf.Tensor3D>(tf.add(tf.matMul(term11, g), tf.matMul(term12, nn)), m),
    ];
    e = tf.add<tf.Tensor3D>(e, term11);
    e12 = tf.add<tf.Tensor3D>(e12, term12);
  }
  // W = E12 · E22⁻¹ and E22⁻¹ = E11ᵀ for this generator.
  let w = tf.matMul(e12, e, false, true) as tf.Tensor3D;
  for (let i = 0; i < s; i++) {
    w = tf.add<tf.Tensor3D>(w, batchCongruence(e, w));
    e = tf.matMul(e, e);
  }
  return { e, w };
}

const symmetric = (m: tf.Tensor3D): tf.Tensor3D =>
  tf.mul(tf.add(m, tf.transpose(m, [0, 2, 1])), 0.5) as tf.Tensor3D;

/** The full kernel (u_0 known), or the hybrid one (v_0 ~ N(0, σv² I) marginalised: Σ + σv² Φ_v Φ_vᵀ) (docs/science.md §3). */
function kernelFrom(
  { e, w }: { e: tf.Tensor3D; w: tf.Tensor3D },
  kind: KernelKind,
  spec: DiffusionSpec,
): TensorKernel {
  const full = { sigma: symmetric(w), chol: batchCholesky(symmetric(w)) };
  const phiV = () => tf.slice(e, [0, 0, 1]);
  const { sigma, chol } =
    kind === 'full' || spec.k === 1
      ? full
      : {
          sigma: symmetric(tf.add(w, tf.mul(tf.matMul(phiV(), phiV(), false, true), spec.sigmaV2))),
          chol: batchCholeskyUpdate(full.chol, tf.mul(phiV(), Math.sqrt(spec.sigmaV2))),
        };
  return { phi: e, sigma, chol, cholInv: batchLowerInverse(chol) };
}

/** The spec with the current values of learned variables, read back asynchronously. */
async function readSpec(
  spec: DiffusionSpec,
  vars: LearnedVariables | null,
): Promise<DiffusionSpec> {
  if (!vars) return spec;
  const q = (await vars.q.array()) as number[][];
  const params: LearnedParams = vars.d
    ? { q, d: (await vars.d.array()) as number[] }
    : { q, b: (await vars.b!.array()) as number[][] };
  return learnedSpec(params, { schedule: spec.schedule, sigmaV2: spec.sigmaV2 });
}

/** A TensorDiffusion for `spec`: fixed Q, D as kept tensors, or learned ones as variables. */
export function createTensorDiffusion(spec: DiffusionSpec): TensorDiffusion {
  const k = spec.k;
  const { beta0, beta1 } = spec.schedule;
  const vars = spec.learned ? learnedVariables(spec.learned) : null;
  let current = spec;
  /** Squarings for ‖B(t)·generator‖₁ at t = tMax, from the plain-number Q, D (no read-back). */
  const squarings = (tMax: number) =>
    squaringsFor(blockNorm(current.q, current.d) * integratedBetaAt(spec.schedule, tMax));
  const fixed = vars ? null : { q: tf.keep(tf.tensor2d(spec.q)), d: tf.keep(tf.tensor2d(spec.d)) };
  const matrices = (): Matrices => fixed ?? learnedMatrices(vars!, k);
  const beta = (t: tf.Tensor1D): tf.Tensor1D => tf.add(tf.mul(t, beta1 - beta0), beta0);
  const integratedBeta = (t: tf.Tensor1D): tf.Tensor1D =>
    tf.add(tf.mul(t, beta0), tf.mul(tf.square(t), (beta1 - beta0) / 2));
  return {
    k,
    spec,
    trainableVariables: () => (vars ? [vars.q, (vars.d ?? vars.b)!] : []),
    matrices,
    beta,
    integratedBeta,
    drift: (t) => {
      const { q, d } = matrices();
      return perTime(tf.neg(tf.add(q, d)) as tf.Tensor2D, beta(t));
    },
    noiseCovariance: (t) => perTime(tf.mul(matrices().d, 2) as tf.Tensor2D, beta(t)),
    kernel: (t, kind, tMax = 1) =>
      kernelFrom(propagators(matrices(), integratedBeta(t), k, squarings(tMax)), kind, spec),
    toSpec: () => current,
    async syncSpec() {
      current = await readSpec(spec, vars);
    },
    dispose() {
      for (const v of [vars?.q, vars?.d, vars?.b, fixed?.q, fixed?.d]) v?.dispose();
    },
  };
}
