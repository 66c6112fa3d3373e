/** How close q(u_T) gets to the prior N(0, I): the number the designer turns into a verdict. */
import type { DiffusionSpec } from '#shared/mdm/spec';
import { forwardSummary } from '#shared/mdm/summary';

export type VerdictLevel = 'reaches' | 'close' | 'far';

export interface Verdict {
  level: VerdictLevel;
  headline: string;
  /** The KL as bits per dimension, the amount it adds to a BPD bound through the prior term. */
  bitsPerDim: number;
}

/**
 * Data variances the gap is checked at. With variance exactly 1 the x-marginal is stationary for
 * any diffusion, which would hide a slow one; the KL is convex in the variance, so its worst case
 * over [0, 4] (pixels in logit space have std up to ~2) is at these ends.
 */
export const DATA_VARIANCES = [0, 4] as const;

/** Worst KL(q(u_T) ‖ N(0, I)) per data coordinate, in nats, over DATA_VARIANCES (docs/science.md §4 prior term). */
export function priorGap(spec: DiffusionSpec): number {
  return Math.max(...DATA_VARIANCES.map((v) => forwardSummary(spec, 2, v).klToPrior));
}

/** Below 0.001 bits/dim the prior term is negligible; below 0.01 it is visible in a BPD's third digit. */
export const REACHES_BELOW_BPD = 1e-3;
export const CLOSE_BELOW_BPD = 1e-2;

export function priorVerdict(klPerCoordinate: number): Verdict {
  const bitsPerDim = klPerCoordinate / Math.LN2;
  if (!(bitsPerDim < CLOSE_BELOW_BPD))
    return { level: 'far', headline: 'Does not reach N(0, I) by T = 1', bitsPerDim };
  if (bitsPerDim < REACHES_BELOW_BPD)
    return { level: 'reaches', headline: 'Reaches N(0, I) by T = 1', bitsPerDim };
  return { level: 'close', headline: 'Nearly reaches N(0, I) by T = 1', bitsPerDim };
}
