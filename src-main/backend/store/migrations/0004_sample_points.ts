import type { Migration } from './index';

/** The coordinates behind a 2-D sample's picture (float32 little-endian, [n, 2]): CSV/NPY exports and the scatter. */
export const samplePoints: Migration = {
  id: 4,
  name: 'sample_points',
  sql: `ALTER TABLE samples ADD COLUMN points BLOB;`,
};
