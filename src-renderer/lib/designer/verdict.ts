/** How close q(u_T) gets to the prior N(0, I): the number the designer turns into a verdict. */

export type VerdictLevel = 'reaches' | 'close' | 'far';

export interface Verdict {
  level: VerdictLevel;
  headline: string;
  /** KL per data coordinate times the 784 coordinates of an MNIST image, in nats. */
  perImage: number;
}

/** Thresholds on KL(q(u_T) ‖ N(0, I)) per coordinate, in nats: 784·1e-5 ≈ 0.008 nats per MNIST image is negligible. */
export const REACHES_BELOW = 1e-5;
export const CLOSE_BELOW = 1e-3;
export const MNIST_DIM = 784;

export function priorVerdict(klPerCoordinate: number): Verdict {
  const perImage = klPerCoordinate * MNIST_DIM;
  if (!(klPerCoordinate < CLOSE_BELOW))
    return { level: 'far', headline: 'Does not reach N(0, I) by T = 1', perImage };
  if (klPerCoordinate < REACHES_BELOW)
    return { level: 'reaches', headline: 'Reaches N(0, I) by T = 1', perImage };
  return { level: 'close', headline: 'Nearly reaches N(0, I) by T = 1', perImage };
}
