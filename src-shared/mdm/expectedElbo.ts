/** The exact-score ELBO's expectation over u_t in closed form, with Gauss–Legendre quadrature over log t (docs/science.md §4). */
import { cholesky, lowerInverse } from './linalg/decompose';
import {
  block,
  congruence,
  dot,
  identity,
  matMul,
  matVec,
  scale,
  sub,
  trace,
  transpose,
  type Matrix,
} from './linalg/matrix';
import { exactEpsAt, type GaussianData } from './gaussianData';
import { transitionKernel } from './kernels';
import { beta, integratedBeta, T_MIN } from './schedule';
import { auxiliaryEntropy, type DiffusionSpec } from './spec';

/** One value per ELBO term of docs/science.md §4, per data coordinate, in nats. */
export interface ElboBreakdown {
  prior: number;
  diffusion: number;
  auxEntropy: number;
  offset: number;
  total: number;
}

const GL_NODES = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL_WEIGHTS = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/** ∫_a^b f by composite 8-point Gauss–Legendre on `panels` equal panels. */
function integrate(f: (x: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    GL_NODES.forEach((node, i) => {
      sum += GL_WEIGHTS[i]! * (f(mid - (node * h) / 2) + f(mid + (node * h) / 2)) * (h / 2);
    });
  }
  return sum;
}

const frobenius2 = (m: Matrix): number => m.flat().reduce((s, v) => s + v * v, 0);
const firstColumn = (m: Matrix): number[] => m.map((row) => row[0]!);

/** E[ℓ_t] over u_t ~ q(u_t | x) with ε̂ exact: ε̂ − ε = (R L − I)ε + R φ (x − μ), M = L⁻¹ GGᵀ L⁻ᵀ. */
function expectedIntegrand(spec: DiffusionSpec, x: number, data: GaussianData, t: number): number {
  const exact = exactEpsAt(spec, data, t);
  const b = beta(spec.schedule, t);
  const m = congruence(lowerInverse(exact.chol), scale(spec.d, 2 * b));
  const p = sub(matMul(exact.r, exact.chol), identity(spec.k));
  const c = matVec(exact.r, firstColumn(exact.hybrid.phi)).map((v) => v * (x - data.mu));
  const quad = trace(matMul(transpose(p), matMul(m, p))) + dot(c, matVec(m, c));
  return -0.5 * quad + 0.5 * trace(m) - b * trace(spec.d);
}

/** E[offset] at ε = tMin: z = (L_fᵀS⁻¹L_f − I)ε + L_fᵀS⁻¹Φ(0, v0) + L_fᵀS⁻¹φ(x − μ), offset = −½‖z‖² + ½‖ε‖² + log det Φ. */
function expectedOffset(spec: DiffusionSpec, x: number, data: GaussianData, tMin: number): number {
  const k = spec.k;
  const exact = exactEpsAt(spec, data, tMin);
  const lf = cholesky(transitionKernel(spec, tMin, 'full').sigma);
  const g = matMul(transpose(lf), exact.marginalInv);
  const noise = frobenius2(sub(matMul(g, lf), identity(k)));
  const aux =
    k > 1 ? spec.sigmaV2 * frobenius2(matMul(g, block(exact.hybrid.phi, 0, 1, k, k - 1))) : 0;
  const gPhi = matVec(g, firstColumn(exact.hybrid.phi));
  const data2 = (x - data.mu) ** 2 * dot(gPhi, gPhi);
  return -0.5 * (noise + aux + data2) + k / 2 - integratedBeta(spec.schedule, tMin) * trace(spec.d);
}

/** E[ELBO(x)] per coordinate for the exact score of N(μ, s²) data, term by term (docs/science.md §4). */
export function expectedElbo(
  spec: DiffusionSpec,
  x: number,
  data: GaussianData,
  opts: { tMin?: number; panels?: number } = {},
): ElboBreakdown {
  const tMin = opts.tMin ?? T_MIN;
  const k = spec.k;
  const end = transitionKernel(spec, 1, 'hybrid');
  const phiX = firstColumn(end.phi);
  const prior =
    -0.5 * (x * x * dot(phiX, phiX) + trace(end.sigma)) - (k / 2) * Math.log(2 * Math.PI);
  const diffusion = integrate(
    (r) => Math.exp(r) * expectedIntegrand(spec, x, data, Math.exp(r)),
    Math.log(tMin),
    0,
    opts.panels ?? 48,
  );
  const auxEntropy = auxiliaryEntropy(spec);
  const offset = expectedOffset(spec, x, data, tMin);
  return { prior, diffusion, auxEntropy, offset, total: prior + diffusion + auxEntropy + offset };
}
