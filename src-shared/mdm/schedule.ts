/** The scalar rate β(t) = β0 + (β1 − β0)t, its integral B(t), and the importance density of t (docs/science.md §2, §4). */
export interface Schedule {
  beta0: number;
  beta1: number;
}

export const DEFAULT_SCHEDULE: Schedule = { beta0: 0.1, beta1: 10 };
/** How the ELBO draws t: the importance density below or uniform on [t_min, 1] (docs/science.md §4). */
export const T_SAMPLINGS = ['importance', 'uniform'] as const;
export type TSampling = (typeof T_SAMPLINGS)[number];

/** Smallest diffusion time of the ELBO's t-integral (docs/science.md §4). */
export const T_MIN = 1e-3;

export function beta(s: Schedule, t: number): number {
  return s.beta0 + (s.beta1 - s.beta0) * t;
}

/** B(t) = ∫₀ᵗ β = β0·t + (β1 − β0)·t²/2. */
export function integratedBeta(s: Schedule, t: number): number {
  return s.beta0 * t + ((s.beta1 - s.beta0) * t * t) / 2;
}

/** Inverse of B: the t ≥ 0 with B(t) = b. */
function inverseIntegratedBeta(s: Schedule, b: number): number {
  return (2 * b) / (s.beta0 + Math.sqrt(s.beta0 * s.beta0 + 2 * (s.beta1 - s.beta0) * b));
}

/** log(e^B − 1), the antiderivative of β(t)/(1 − e^{−B(t)}), computed stably. */
function logExpm1(b: number): number {
  return b > 30 ? b : Math.log(Math.expm1(b));
}

/** Sampler of t on [tMin, 1] with density w(t) ∝ β(t)/(1 − e^{−B(t)}) (docs/science.md §4), by exact CDF inversion. */
export interface TimeDensity {
  /** Maps u ∈ [0, 1) to t. */
  quantile(u: number): number;
  density(t: number): number;
}

export function importanceDensity(s: Schedule, tMin: number): TimeDensity {
  const lo = logExpm1(integratedBeta(s, tMin));
  const z = logExpm1(integratedBeta(s, 1)) - lo;
  return {
    quantile: (u) => {
      const target = lo + u * z;
      const b = target > 30 ? target : Math.log1p(Math.exp(target));
      return Math.min(1, Math.max(tMin, inverseIntegratedBeta(s, b)));
    },
    density: (t) => beta(s, t) / -Math.expm1(-integratedBeta(s, t)) / z,
  };
}

export function uniformDensity(tMin: number): TimeDensity {
  return { quantile: (u) => tMin + u * (1 - tMin), density: () => 1 / (1 - tMin) };
}
