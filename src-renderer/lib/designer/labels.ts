/** Names of the K variables u = (x, v₁, …, v_{K−1}) (docs/science.md §1). */
const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

export function variableLabels(k: number): string[] {
  return Array.from({ length: k }, (_, i) =>
    i === 0 ? 'x' : 'v' + [...String(i)].map((c) => SUBSCRIPTS[Number(c)]).join(''),
  );
}

/** One line on what each designer mode is. */
export const MODE_NOTES: Record<string, string> = {
  vpsde: 'The ordinary VP-SDE: x alone (K = 1).',
  cld: 'Critically-damped Langevin: x with a velocity (K = 2).',
  alda: 'Accelerated Langevin: position, velocity, acceleration (K = 3). Mixes slowly.',
  malda: 'Every pair of variables coupled through Q; noise on all but x. Choose K.',
  learned: 'Q and D train with the network; shown at their seeded initialization.',
  custom: 'Your own K, Q (skew-symmetric) and D (symmetric PSD).',
};
