import { describe, expect, it } from 'vitest';
import { histogram2d, outside, toXY, viewBox } from '../../../src-renderer/lib/runs/points';

describe('2-D sample views', () => {
  it('pairs flattened points as {x, y}', () => {
    expect(toXY([1, 2, 3, 4])).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
  });

  it('frames the points in a square view on tick steps, with a margin', () => {
    // Two moons: x in [−1, 2], y in [−0.5, 1].
    const box = viewBox([-1, -0.5, 2, 1, 0.5, 0.25]);
    expect(box.xMax - box.xMin).toBeCloseTo(box.yMax - box.yMin, 12);
    expect(box.xMin).toBeLessThan(-1);
    expect(box.xMax).toBeGreaterThan(2);
    expect(box.yMin).toBeLessThan(-0.5);
    expect(box.yMax).toBeGreaterThan(1);
    expect(box).toEqual({ xMin: -1.5, xMax: 2.5, yMin: -2, yMax: 2 });
  });

  it('ignores non-finite points and falls back to [−1, 1]² without any', () => {
    expect(viewBox([NaN, 1, Infinity, 2])).toEqual({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
    expect(viewBox([])).toEqual({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
  });

  it('counts points per cell, bottom row first, edges inside, outliers left out and counted', () => {
    const box = { xMin: 0, xMax: 2, yMin: 0, yMax: 2 };
    const points = [0.5, 0.5, 0.6, 0.4, 1.5, 1.5, 2, 2, 5, 5, -1, 0];
    const { counts, max } = histogram2d(points, box, 2);
    expect([...counts]).toEqual([2, 0, 0, 2]);
    expect(max).toBe(2);
    expect(outside(points, box)).toBe(2);
  });
});
