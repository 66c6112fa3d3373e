/**
 * Likelihood by the probability-flow ODE (Song et al. 2021, eq. 13 and appendix D.2, as score_sde
 * computes it): du/dt = A(t)u − ½GGᵀ(t)s(u, t) with s = −L_t⁻ᵀε̂ (docs/science.md §7), integrated
 * from t_min to 1 together with its divergence, log p_tmin(u) = log π(u_1) + ∫ ∇·f dt. The
 * divergence of the linear part is d·tr A(t) exactly; that of the network part is Hutchinson's
 * estimate zᵀ(∂g/∂u)z with one Rademacher z per example, fixed over the solve.
 * For K > 1 the data point is completed by v0 ~ q(v0) and the estimate is
 * log p(x, v0) − log q(v0): unbiased for its expectation over v0, a lower bound on log p(x).
 * Needs tfjs's gradient functions registered (the backend's train/gradients.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../random';
import { T_MIN } from '../schedule';
import { dopri5 } from '../ode/dopri5';
import type { TensorDiffusion } from './diffusion';
import type { EpsModel } from './elbo';
import { fromVectors, toVectors } from './layout';

export interface OdeLikelihoodOptions {
  seed: number;
  /** score_sde's defaults: 1e-5 both. */
  rtol?: number;
  atol?: number;
  tMin?: number;
}

export interface OdeLikelihood {
  /** Per example, nats, model space: log p(x) for K = 1, log p(x, v0) − log q(v0) for K > 1. */
  logLikelihood: number[];
  /** Evaluations of the drift (each one network pass and one vector–Jacobian product). */
  nfe: number;
  /** Each example's u at t = 1, [d·K] rows of K per coordinate (what the prior term scores). */
  end: Float64Array[];
}

const LOG_2PI = Math.log(2 * Math.PI);

/** The ODE estimate of each example of x [B, H, W, C] (model space). */
export function odeLikelihood(
  model: EpsModel,
  diffusion: TensorDiffusion,
  x: tf.Tensor4D,
  o: OdeLikelihoodOptions,
): OdeLikelihood {
  const k = diffusion.k;
  const [b, h, w, c] = x.shape;
  const d = h * w * c;
  const n = b * d * k;
  const tMin = o.tMin ?? T_MIN;
  const rng = new Rng(o.seed);
  const sigmaV = Math.sqrt(diffusion.spec.sigmaV2);

  // u_tmin = (x, v0), rows of K per coordinate; log q(v0) per example.
  const xs = x.dataSync();
  const u0 = new Float64Array(n + b);
  const logQ = new Array<number>(b).fill(0);
  for (let e = 0; e < b; e++)
    for (let p = 0; p < d; p++) {
      const row = (e * d + p) * k;
      u0[row] = xs[e * d + p]!;
      for (let j = 1; j < k; j++) {
        const v = sigmaV * rng.normal();
        u0[row + j] = v;
        logQ[e]! += -0.5 * (v / sigmaV) ** 2 - Math.log(sigmaV) - 0.5 * LOG_2PI;
      }
    }
  const z = tf.tensor3d(
    Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1)),
    [b, d, k],
  );

  /** [f(u, t); ∇·f(u, t) per example]. */
  const rhs = (t: number, y: Float64Array): Float64Array => {
    const [drift, divergence] = tf.tidy(() => {
      const tt = tf.tensor1d([t]);
      const kern = diffusion.kernel(tt, 'hybrid');
      const linear = tf.reshape(diffusion.drift(tt), [k, k]) as tf.Tensor2D;
      // g(u) = ½ ε̂(u) L⁻¹ GGᵀ in row-vector form: ½ GGᵀ L⁻ᵀ ε̂, i.e. −½ GGᵀ s.
      const mix = tf.mul(
        tf.matMul(
          tf.reshape(kern.cholInv, [k, k]),
          tf.reshape(diffusion.noiseCovariance(tt), [k, k]),
        ),
        0.5,
      ) as tf.Tensor2D;
      const times = tf.fill([b], t) as tf.Tensor1D;
      const g = (u: tf.Tensor3D): tf.Tensor3D => {
        const eps = toVectors(model(fromVectors(u, [b, h, w, c]), times), k);
        return tf.reshape(tf.matMul(tf.reshape(eps, [b * d, k]), mix), [b, d, k]);
      };
      const u = tf.tensor3d(Float32Array.from(y.subarray(0, n)), [b, d, k]);
      const gu = g(u);
      const jz = tf.grad((v) => tf.sum(tf.mul(g(v as tf.Tensor3D), z)))(u);
      const drift = tf.add(
        tf.reshape(tf.matMul(tf.reshape(u, [b * d, k]), linear, false, true), [b, d, k]),
        gu,
      );
      const divergence = tf.add(
        tf.sum(tf.mul(jz, z), [1, 2]),
        tf.mul(tf.sum(tf.mul(linear, tf.eye(k))), d),
      );
      return [drift, divergence];
    });
    const out = new Float64Array(n + b);
    out.set(drift.dataSync());
    out.set(divergence.dataSync(), n);
    tf.dispose([drift, divergence]);
    return out;
  };

  const solved = dopri5(rhs, tMin, 1, u0, { rtol: o.rtol ?? 1e-5, atol: o.atol ?? 1e-5 });
  z.dispose();
  const logLikelihood = Array.from({ length: b }, (_, e) => {
    let sq = 0;
    for (let i = e * d * k; i < (e + 1) * d * k; i++) sq += solved.y[i]! ** 2;
    const logPrior = -0.5 * sq - 0.5 * d * k * LOG_2PI;
    return logPrior + solved.y[n + e]! - logQ[e]!;
  });
  const end = Array.from({ length: b }, (_, e) => solved.y.slice(e * d * k, (e + 1) * d * k));
  return { logLikelihood, nfe: solved.nfe, end };
}
