import { Rng, deriveSeed } from '#shared/random';
import type { BatchOptions } from './types';

/** Stream ids so order, noise and thumbnails draw from independent generators of one seed. */
export const STREAM = { order: 1, noise: 2, thumbnails: 3 } as const;

/** The example indices of each batch of one epoch: a seeded permutation (or stored order) in batchSize chunks. */
export function* batchIndices(count: number, options: BatchOptions): Generator<Int32Array> {
  const { batchSize, seed, epoch = 0, shuffle = true, dropLast = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const order = shuffle ? new Rng(deriveSeed(seed, epoch, STREAM.order)).permutation(count) : null;
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    if (dropLast && end - start < batchSize) return;
    if (order) {
      yield order.slice(start, end);
    } else {
      const chunk = new Int32Array(end - start);
      for (let k = 0; k < chunk.length; k++) chunk[k] = start + k;
      yield chunk;
    }
  }
}
