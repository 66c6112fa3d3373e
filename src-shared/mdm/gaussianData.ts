/** Gaussian data x ~ N(μ, s²) per coordinate: the exact marginal score of u_t that grounds the ELBO (docs/science.md §4, exact-score check). */
import { cholesky, inverse } from './linalg/decompose';
import { add, fromFn, matMul, transpose, type Matrix } from './linalg/matrix';
import { transitionKernel, type Kernel } from './kernels';
import type { DiffusionSpec } from './spec';

export interface GaussianData {
  mu: number;
  variance: number;
}

/** The exact ε-predictor at time t: ε̂ = R (u − mean) with R = L_tᵀ S_t⁻¹, S_t = Σ_t + s² φφᵀ, φ = Φ_t e1. */
export interface ExactEps {
  hybrid: Kernel;
  /** Cholesky factor L_t of the hybrid Σ_t. */
  chol: Matrix;
  /** S_t⁻¹, the inverse marginal covariance of u_t. */
  marginalInv: Matrix;
  r: Matrix;
  mean: number[];
}

export function exactEpsAt(spec: DiffusionSpec, data: GaussianData, t: number): ExactEps {
  const hybrid = transitionKernel(spec, t, 'hybrid');
  const phiX = hybrid.phi.map((row) => row[0]!);
  const marginal = add(
    hybrid.sigma,
    fromFn(spec.k, spec.k, (i, j) => data.variance * phiX[i]! * phiX[j]!),
  );
  const chol = cholesky(hybrid.sigma);
  const marginalInv = inverse(marginal);
  return {
    hybrid,
    chol,
    marginalInv,
    r: matMul(transpose(chol), marginalInv),
    mean: phiX.map((p) => p * data.mu),
  };
}

/** log N(x; μ, s²). */
export function gaussianLogDensity(x: number, data: GaussianData): number {
  return -0.5 * Math.log(2 * Math.PI * data.variance) - (x - data.mu) ** 2 / (2 * data.variance);
}
