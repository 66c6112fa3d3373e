/** Every random draw of a run derives from (run seed, step, stream), so a resumed run repeats an uninterrupted one. */

/** Independent random streams of one training step. */
export const SEED_STREAM = {
  elbo: 1,
  dropout: 2,
  sample: 3,
} as const;
