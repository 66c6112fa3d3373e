/** The ELBO of docs/science.md §4 for any K, per example and term by term, differentiable in the network and in learned Q, D. */
import * as tf from '@tensorflow/tfjs-core';
// The union package registers the chained ops (x.mul(y)) on tfjs-core's tensors; tfjs-core alone does not.
import '@tensorflow/tfjs';
import { Rng } from '../../random';
import {
  importanceDensity,
  integratedBeta,
  T_MIN,
  uniformDensity,
  type TSampling,
} from '../schedule';
import { auxiliaryEntropy } from '../spec';
import type { TensorDiffusion } from './diffusion';
import { fromVectors, toVectors } from './layout';
import { batchCongruence, batchTrace } from './linalg';

/** Predicts ε from u_t [B, H, W, K·C] and t [B]; the score is s = −L_t⁻ᵀ ε̂ (docs/science.md §4). */
export type EpsModel = (u: tf.Tensor4D, t: tf.Tensor1D) => tf.Tensor4D;

/** Per example, nats, ELBO of the data x in model space (not including the transform's ldj). */
export interface ElboTerms {
  prior: tf.Tensor1D;
  diffusion: tf.Tensor1D;
  auxEntropy: tf.Tensor1D;
  offset: tf.Tensor1D | null;
  total: tf.Tensor1D;
}

export interface ElboOptions {
  tSampling: TSampling;
  tMin?: number;
  /** Adds the reconstruction offset from tMin to 0 (evaluation). */
  withOffset?: boolean;
  seed?: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Each term of an ElboTerms in bits per dimension, −term/(d ln 2) (docs/science.md §4: bpd_prior, bpd_diffusion, …). */
export function termsToBitsPerDim(
  terms: ElboTerms,
  d: number,
): Record<keyof ElboTerms, tf.Tensor1D | null> {
  const bpd = (x: tf.Tensor1D | null): tf.Tensor1D | null =>
    x ? tf.div<tf.Tensor1D>(x, -d * Math.LN2) : null;
  return {
    prior: bpd(terms.prior),
    diffusion: bpd(terms.diffusion),
    auxEntropy: bpd(terms.auxEntropy),
    offset: bpd(terms.offset),
    total: bpd(terms.total),
  };
}

/** offset = log N(u_0; Φ⁻¹(u_ε + Σ_ε s), Φ⁻¹Σ_εΦ⁻ᵀ) − log q(u_ε | u_0) at ε = tMin = Σ_coords −½‖z‖² + ½‖ε‖² − B(ε) tr D (docs/science.md §4). */
function offsetTerm(
  diffusion: TensorDiffusion,
  model: EpsModel,
  x: tf.Tensor4D,
  tMin: number,
  [seedV, seedE]: [number, number],
): tf.Tensor1D {
  const k = diffusion.k;
  const [b, h, w, c] = x.shape;
  const n = b * h * w * c;
  const at = tf.tensor1d([tMin]);
  const full = diffusion.kernel(at, 'full', tMin);
  const hybrid = diffusion.kernel(at, 'hybrid', tMin);
  const sigmaV = Math.sqrt(diffusion.spec.sigmaV2);
  const v0 = k > 1 ? [tf.randomNormal([n, k - 1], 0, sigmaV, 'float32', seedV)] : [];
  const u0 = tf.concat([tf.reshape(x, [n, 1]), ...v0], 1);
  const eps = tf.randomNormal([n, k], 0, 1, 'float32', seedE);
  const lf = tf.reshape(full.chol, [k, k]) as tf.Tensor2D;
  // u_ε = Φ_ε u₀ + L_f ε, for row vectors.
  const u = u0.matMul(tf.reshape(full.phi, [k, k]), false, true).add(eps.matMul(lf, false, true));
  const uImage = fromVectors(tf.reshape(u, [b, h * w * c, k]), [b, h, w, c]);
  const epsHat = tf.reshape(toVectors(model(uImage, tf.fill([b], tMin)), k), [n, k]);
  // z = −ε + L_fᵀ L_h⁻ᵀ ε̂, written for row vectors.
  const z = epsHat.matMul(tf.reshape(hybrid.cholInv, [k, k]).matMul(lf)).sub(eps);
  // ½‖ε‖² − ½‖z‖² per coordinate, and log det Φ_ε = −B(ε) tr D per coordinate.
  const perCoordinate = eps.square().sum(1).sub(z.square().sum(1)).mul(0.5);
  const trD = diffusion.matrices().d.mul(tf.eye(k)).sum();
  const logDetPhi = trD.mul(-integratedBeta(diffusion.spec.schedule, tMin) * h * w * c);
  return perCoordinate
    .reshape([b, h * w * c])
    .sum(1)
    .add(logDetPhi) as tf.Tensor1D;
}

export function createElboFn(
  diffusion: TensorDiffusion,
  opts: ElboOptions,
): (x: tf.Tensor4D, model: EpsModel) => ElboTerms {
  const k = diffusion.k;
  const { schedule } = diffusion.spec;
  const tMin = opts.tMin ?? T_MIN;
  const density =
    opts.tSampling === 'importance' ? importanceDensity(schedule, tMin) : uniformDensity(tMin);
  const rng = new Rng(opts.seed ?? Math.floor(Math.random() * 2 ** 31));

  return (x, model) => {
    const [b, h, w, c] = x.shape;
    const d = h * w * c;
    const times = Array.from({ length: b }, () => density.quantile(rng.uniform()));
    const seeds = [rng.seed(), rng.seed(), rng.seed()];
    const out = tf.tidy(() => {
      const xv = tf.reshape(x, [b, d, 1]) as tf.Tensor3D;

      // Diffusion term: ℓ_t / w(t) with u_t from the hybrid kernel (docs/science.md §4).
      const t = tf.tensor1d(times);
      const kern = diffusion.kernel(t, 'hybrid', Math.max(...times));
      // u_t = Φ_t e₁ x + L_t ε, for row vectors.
      const mean = xv.matMul(kern.phi.slice([0, 0, 0], [-1, -1, 1]), false, true);
      const eps = tf.randomNormal([b, d, k], 0, 1, 'float32', seeds[0]) as tf.Tensor3D;
      const u = mean.add(eps.matMul(kern.chol, false, true)) as tf.Tensor3D;
      const epsHat = toVectors(model(fromVectors(u, [b, h, w, c]), t), k);
      const m = batchCongruence(kern.cholInv, diffusion.noiseCovariance(t));
      const diff = epsHat.sub(eps) as tf.Tensor3D;
      const quad = diff.matMul(m).mul(diff).sum([1, 2]);
      const trA = batchTrace(diffusion.drift(t));
      // ℓ_t = −½ (ε̂ − ε)ᵀ M_t (ε̂ − ε) + d (½ tr M_t + tr A(t)), summed over the d coordinates.
      const ell = quad.mul(-0.5).add(batchTrace(m).mul(0.5).add(trA).mul(d));
      const weights = tf.tensor1d(times.map((ti) => density.density(ti)));
      const diffusionTerm = ell.div(weights) as tf.Tensor1D;

      // Prior term: E[log π(u_T)] over u_T ~ q(u_T | x), in closed form given x.
      const end = diffusion.kernel(tf.tensor1d([1]), 'hybrid');
      // −½ ‖Φ_1 e₁‖² ‖x‖² − (d/2)(tr Σ_1 + K log 2π).
      const phiX2 = end.phi.slice([0, 0, 0], [1, k, 1]).square().sum();
      const prior = x
        .square()
        .sum([1, 2, 3])
        .mul(phiX2.mul(-0.5))
        .sub(
          batchTrace(end.sigma)
            .sum()
            .add(k * LOG_2PI)
            .mul(d / 2),
        ) as tf.Tensor1D;

      // Auxiliary entropy term: −E log q(v0), the entropy of N(0, σv² I).
      const auxEntropy = tf.fill([b], auxiliaryEntropy(diffusion.spec) * d) as tf.Tensor1D;

      const parts = [prior, diffusionTerm, auxEntropy];
      if (opts.withOffset)
        parts.push(offsetTerm(diffusion, model, x, tMin, [seeds[1]!, seeds[2]!]));
      return [...parts, tf.addN(parts)] as tf.Tensor1D[];
    });

    const [prior, diffusionTerm, auxEntropy, ...rest] = out;
    const total = rest[rest.length - 1]!;
    return {
      prior: prior!,
      diffusion: diffusionTerm!,
      auxEntropy: auxEntropy!,
      offset: rest.length === 2 ? rest[0]! : null,
      total,
    };
  };
}
