/**
 * One set of bounds on what a diffusion and its sampler may ask for, shared by the CLI, the API and
 * the UI, so that every accepted spec computes in bounded time and memory with finite float32 kernels.
 */
export const LIMITS = {
  /** Largest K: the exact-score check at K = 8 takes ~15 s and 0.6 GB on one core, K = 12 ~40 s and 1.2 GB. */
  maxK: 8,
  /** Largest |Q_ij| and |D_ij|: B(1)·‖Q + D‖ stays far below what scaling-and-squaring and float32 handle. */
  maxEntry: 1e3,
  /** Largest β0 and β1 of the linear schedule. */
  maxBeta: 1e3,
  /** σv² range: float32 keeps log(2π σv²) finite and the hybrid Σ_0 non-zero. */
  minSigmaV2: 1e-6,
  maxSigmaV2: 1e3,
  /** Smallest eigenvalue Σ_1 may have: below it float32 cannot tell Σ_1 from singular. */
  minSigmaEigenvalue: 1e-6,
  /** Most squarings the matrix exponential performs (‖A‖₁ up to 0.5·2^64). */
  maxSquarings: 64,
  /** Most steps a sampler (EM or probability-flow ODE) takes. */
  maxSampleSteps: 10_000,
} as const;
