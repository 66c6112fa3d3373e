/** The exact ε-predictor of Gaussian data as an EpsModel (docs/science.md §4, exact-score check). */
import * as tf from '@tensorflow/tfjs-core';
import type { GaussianData } from '../gaussianData';
import type { TensorDiffusion } from './diffusion';
import type { EpsModel } from './elbo';
import { fromVectors, toVectors } from './layout';
import { batchCholesky, batchLowerInverse } from './linalg';

/** ε̂ = L_tᵀ S_t⁻¹ (u − φ μ) with φ = Φ_t e1, S_t = Σ_t + s² φφᵀ: the network that knows the true score of x ~ N(μ, s²). */
export function exactEpsModel(diffusion: TensorDiffusion, data: GaussianData): EpsModel {
  const k = diffusion.k;
  return (u, t) =>
    tf.tidy(() => {
      const [b, h, w, kc] = u.shape;
      const kern = diffusion.kernel(t, 'hybrid');
      const phiX = tf.slice(kern.phi, [0, 0, 0], [-1, -1, 1]);
      const marginal = tf.add(
        kern.sigma,
        tf.mul(tf.matMul(phiX, phiX, false, true), data.variance),
      ) as tf.Tensor3D;
      const marginalCholInv = batchLowerInverse(batchCholesky(marginal));
      const marginalInv = tf.matMul(marginalCholInv, marginalCholInv, true, false);
      const r = tf.matMul(kern.chol, marginalInv, true, false);
      const centered = tf.sub(
        toVectors(u, k),
        tf.mul(tf.transpose(phiX, [0, 2, 1]), data.mu),
      ) as tf.Tensor3D;
      return fromVectors(tf.matMul(centered, r, false, true), [b, h, w, kc / k]);
    });
}
