/** The forward-process summary a UI plots before training (docs/science.md §2–3). */
import { cholesky } from './linalg/decompose';
import { add, fromFn, trace, type Matrix } from './linalg/matrix';
import { transitionKernel } from './kernels';
import type { DiffusionSpec } from './spec';

export interface ForwardSummary {
  t: number[];
  /** std[i][v]: sqrt of Σ_t[v][v] of the hybrid kernel at t[i], for each variable v (x is 0). */
  std: number[][];
  /** meanCoef[i][v] = Φ_t[v][0]: how much of x survives in the mean of variable v at t[i]. */
  meanCoef: number[][];
  /** KL(q(u_T) ‖ N(0, I)) per data coordinate, in nats, for data with mean 0 and `dataVariance`. */
  klToPrior: number;
}

function logDet(a: Matrix): number {
  return 2 * cholesky(a).reduce((s, row, i) => s + Math.log(row[i]!), 0);
}

/** KL(N(0, S) ‖ N(0, I)) = ½(tr S − K − log det S). */
function klToStandard(s: Matrix): number {
  return 0.5 * (trace(s) - s.length - logDet(s));
}

export function forwardSummary(
  spec: DiffusionSpec,
  points = 101,
  dataVariance = 1,
): ForwardSummary {
  const t = Array.from({ length: points }, (_, i) => i / (points - 1));
  const kernels = t.map((ti) => transitionKernel(spec, ti, 'hybrid'));
  const last = kernels[kernels.length - 1]!;
  const phiX = last.phi.map((row) => row[0]!);
  const marginal = add(
    last.sigma,
    fromFn(spec.k, spec.k, (i, j) => dataVariance * phiX[i]! * phiX[j]!),
  );
  return {
    t,
    std: kernels.map((kern) => kern.sigma.map((row, v) => Math.sqrt(Math.max(0, row[v]!)))),
    meanCoef: kernels.map((kern) => kern.phi.map((row) => row[0]!)),
    klToPrior: klToStandard(marginal),
  };
}
