/** The verdict of the exact-score check (docs/science.md §4): does the training ELBO match its closed form and bound log p(x)? */
import type { VerifyReport } from '#shared/mdm/tensor/verify';

export type ElboCheckLevel = 'pass' | 'loose' | 'fail';

export interface ElboCheck {
  level: ElboCheckLevel;
  headline: string;
  /** (Monte Carlo ELBO − closed form) / its standard error. */
  z: number;
}

/** Monte Carlo and closed form agree when within this many standard errors. */
export const MAX_Z = 4;
/** A gap above this (nats) means q(u_1) stays far from the prior: the bound holds but is loose (alda's is 0.013). */
export const LOOSE_GAP = 0.05;
/** Float round-off allowed below zero for the gap log p(x) − E[ELBO], which must be ≥ 0. */
const GAP_TOLERANCE = 1e-4;

export function elboCheck(r: VerifyReport): ElboCheck {
  const z = (r.elboMc - r.elboExpected) / r.elboMcStderr;
  if (!(Math.abs(z) <= MAX_Z)) {
    return { level: 'fail', headline: 'Fail: the training ELBO disagrees with its closed form', z };
  }
  if (!(r.gap >= -GAP_TOLERANCE)) {
    return { level: 'fail', headline: 'Fail: the ELBO exceeds log p(x), so it is no bound', z };
  }
  if (r.gap > LOOSE_GAP) {
    return { level: 'loose', headline: 'Pass, with a loose bound (slow mixing)', z };
  }
  return { level: 'pass', headline: 'Pass: the ELBO is correct and tight', z };
}
