/**
 * The Dormand–Prince RK5(4) adaptive solver (Dormand & Prince 1980; Hairer, Nørsett & Wanner,
 * "Solving ODEs I", II.5), with scipy's step-size control and initial step, as score_sde's
 * likelihood uses through scipy.integrate.solve_ivp(method='RK45').
 */
import { MdmError } from '../../errors';

export type OdeRhs = (t: number, y: Float64Array) => Float64Array;

export interface Dopri5Options {
  rtol: number;
  atol: number;
  /** Refuse to take more steps than this (a stiff or broken field). */
  maxSteps?: number;
}

export interface Dopri5Result {
  y: Float64Array;
  /** Function evaluations, the initial-step probe included. */
  nfe: number;
  steps: number;
  rejected: number;
}

const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1];
const A: number[][] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
];
/** Fifth-order weights (the propagated solution); the seventh stage is f at the new point (FSAL). */
const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84];
/** Fifth- minus fourth-order weights over the seven stages: the local error estimate. */
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];

function rmsScaled(v: Float64Array, y: Float64Array, yNew: Float64Array, o: Dopri5Options): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const scale = o.atol + o.rtol * Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!));
    sum += (v[i]! / scale) ** 2;
  }
  return Math.sqrt(sum / v.length);
}

/** y + h Σ w_j k_j. */
function combine(
  y: Float64Array,
  h: number,
  w: readonly number[],
  k: Float64Array[],
): Float64Array {
  const out = Float64Array.from(y);
  w.forEach((wj, j) => {
    if (wj === 0) return;
    const kj = k[j]!;
    for (let i = 0; i < out.length; i++) out[i]! += h * wj * kj[i]!;
  });
  return out;
}

/** scipy's select_initial_step for a method of order 5 (error estimator order 4). */
function initialStep(
  f: OdeRhs,
  t0: number,
  y0: Float64Array,
  f0: Float64Array,
  span: number,
  o: Dopri5Options,
) {
  const d0 = rmsScaled(y0, y0, y0, o);
  const d1 = rmsScaled(f0, y0, y0, o);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  const y1 = combine(y0, h0, [1], [f0]);
  const f1 = f(t0 + h0, y1);
  const diff = f1.map((v, i) => v - f0[i]!);
  const d2 = rmsScaled(diff, y0, y0, o) / h0;
  const h1 =
    Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
  return Math.min(100 * h0, h1, span);
}

/** Integrates y' = f(t, y) from t0 to t1 (> t0) with error control on every component. */
export function dopri5(
  f: OdeRhs,
  t0: number,
  t1: number,
  y0: Float64Array,
  o: Dopri5Options,
): Dopri5Result {
  const maxSteps = o.maxSteps ?? 10_000;
  let t = t0;
  let y: Float64Array = Float64Array.from(y0);
  let k1 = f(t, y);
  let nfe = 1;
  let h = initialStep(f, t0, y, k1, t1 - t0, o);
  nfe += 1;
  let steps = 0;
  let rejected = 0;
  while (t < t1) {
    if (steps + rejected >= maxSteps)
      throw new MdmError(
        'internal',
        `the ODE solver took ${maxSteps} steps without reaching t = ${t1} (at t = ${t})`,
      );
    h = Math.min(h, t1 - t);
    const k: Float64Array[] = [k1];
    for (let s = 1; s < 6; s++) k.push(f(t + C[s]! * h, combine(y, h, A[s]!, k)));
    const yNew = combine(y, h, B, k);
    const k7 = f(t + h, yNew);
    nfe += 6;
    const errVec = combine(new Float64Array(y.length), h, E, [...k, k7]);
    const err = rmsScaled(errVec, y, yNew, o);
    if (err <= 1) {
      t = t + h;
      y = yNew;
      k1 = k7;
      steps += 1;
      h *= err === 0 ? 10 : Math.min(10, 0.9 * err ** -0.2);
    } else {
      rejected += 1;
      h *= Math.max(0.2, 0.9 * err ** -0.2);
    }
  }
  return { y, nfe, steps, rejected };
}
