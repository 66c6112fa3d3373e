/** Every random draw of a run derives from (run seed, step, stream), so a resumed run repeats an uninterrupted one. */

/** Independent random streams of one training step. */
export const SEED_STREAM = {
  elbo: 1,
  dropout: 2,
  sample: 3,
} as const;

/** splitmix32's finalizer: a well-mixed 32-bit hash of one word. */
function mix(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed in [0, 2^31) from integer parts, e.g. deriveSeed(runSeed, step, SEED_STREAM.elbo). */
export function deriveSeed(...parts: number[]): number {
  let h = 0x243f6a88;
  for (const part of parts) {
    h = mix((h + 0x9e3779b9 + Math.imul(part >>> 0, 0x9e3779b1)) >>> 0);
    h = mix(h ^ (Math.floor(part / 2 ** 32) >>> 0));
  }
  return h & 0x7fffffff;
}
