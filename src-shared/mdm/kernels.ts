/** Float64 transition kernels q(u_t | u_0) = N(Φ_t u_0, Σ_t) of the stationary-form diffusion (docs/science.md §3). */
import { solve } from './linalg/decompose';
import { expm, padeExp, squaringsFor } from './linalg/expm';
import {
  add,
  block,
  congruence,
  diag,
  fromBlocks,
  identity,
  matMul,
  norm1,
  scale,
  sub,
  transpose,
  zeros,
  type Matrix,
} from './linalg/matrix';
import { integratedBeta } from './schedule';
import type { DiffusionSpec } from './spec';

/** full: conditioned on u_0 = (x, v_0); hybrid: on x only, v_0 ~ N(0, σv² I) integrated out. */
export type KernelKind = 'full' | 'hybrid';

export interface Kernel {
  phi: Matrix;
  sigma: Matrix;
}

/** Q + D, so that the drift is A(t) = −β(t)(Q + D). */
export function driftMatrix(spec: DiffusionSpec): Matrix {
  return add(spec.q, spec.d);
}

/** Σ_0 of a kernel: 0 for full, diag(0, σv², …, σv²) for hybrid. */
export function initialCovariance(spec: DiffusionSpec, kind: KernelKind): Matrix {
  if (kind === 'full') return zeros(spec.k);
  return diag(Array.from({ length: spec.k }, (_, i) => (i === 0 ? 0 : spec.sigmaV2)));
}

function symmetrize(a: Matrix): Matrix {
  return scale(add(a, transpose(a)), 0.5);
}

/** Φ_t and Σ_t = C H⁻¹ from expm([[−B(Q+D), 2B·D], [0, B(Q+D)ᵀ]]) by scaling-and-squaring Padé (docs/science.md §3). */
export function transitionKernel(spec: DiffusionSpec, t: number, kind: KernelKind): Kernel {
  const k = spec.k;
  const b = integratedBeta(spec.schedule, t);
  const a = driftMatrix(spec);
  const m = scale(fromBlocks(scale(a, -1), scale(spec.d, 2), zeros(k), transpose(a)), b);
  // Padé runs on the scaled block matrix; squaring it is carried out on (E = block 11, W = C H⁻¹ for Σ_0 = 0),
  // where it reads W ← W + E W Eᵀ, E ← E², so the growing block expm(+B(Q+D)ᵀ) and its inverse never appear.
  const s = squaringsFor(norm1(m));
  const p = padeExp(scale(m, 2 ** -s));
  let e = block(p, 0, 0, k, k);
  let w = transpose(solve(transpose(block(p, k, k, k, k)), transpose(block(p, 0, k, k, k))));
  for (let i = 0; i < s; i++) {
    w = add(w, congruence(e, w));
    e = matMul(e, e);
  }
  return { phi: e, sigma: symmetrize(add(congruence(e, initialCovariance(spec, kind)), w)) };
}

/** The stationary closed form Σ_t = I + Φ_t (Σ_0 − I) Φ_tᵀ, as a cross-check of transitionKernel. */
export function closedFormKernel(spec: DiffusionSpec, t: number, kind: KernelKind): Kernel {
  const phi = expm(scale(driftMatrix(spec), -integratedBeta(spec.schedule, t)));
  const sigma0 = initialCovariance(spec, kind);
  return { phi, sigma: add(identity(spec.k), congruence(phi, sub(sigma0, identity(spec.k)))) };
}

/** Σ_∞ solving (Q + D)Σ + Σ(Q + D)ᵀ = 2D; equals I for every valid stationary-form diffusion. */
export function stationaryCovariance(spec: DiffusionSpec): Matrix {
  const k = spec.k;
  const a = driftMatrix(spec);
  const n = k * k;
  const lyapunov = zeros(n);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      for (let l = 0; l < k; l++) {
        lyapunov[i * k + j]![l * k + j]! += a[i]![l]!;
        lyapunov[i * k + j]![i * k + l]! += a[j]![l]!;
      }
    }
  }
  const rhs = spec.d.flatMap((row) => row.map((x) => [2 * x]));
  const flat = solve(lyapunov, rhs);
  return Array.from({ length: k }, (_, i) => flat.slice(i * k, (i + 1) * k).map((r) => r[0]!));
}
