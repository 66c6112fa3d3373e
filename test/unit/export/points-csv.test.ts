import { describe, expect, it } from 'vitest';
import { float32Text, pointsCsv } from '../../../src-main/backend/export/points-csv';

describe('pointsCsv', () => {
  it('writes x,y rows under a header, each value the shortest text of its float32', () => {
    const points = Float32Array.from([0.1, -2.5, 1 / 3, 1e-7, 0, -0]);
    expect(pointsCsv(points)).toBe('x,y\n0.1,-2.5\n0.33333334,1e-7\n0,0\n');
  });

  it('reads back to the same float32 values', () => {
    const values = Float32Array.from(
      { length: 2000 },
      (_, i) => Math.sin(i * 12.9898) * 43758.5453 * 10 ** ((i % 13) - 8),
    );
    const rows = pointsCsv(values).trim().split('\n').slice(1);
    const back = Float32Array.from(rows.flatMap((r) => r.split(',').map(Number)));
    expect(back).toEqual(values);
  });

  it('writes an empty set of points as the header alone, and non-finite values as numpy reads them', () => {
    expect(pointsCsv(new Float32Array(0))).toBe('x,y\n');
    expect([float32Text(NaN), float32Text(Infinity), float32Text(-Infinity)]).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
    ]);
  });
});
