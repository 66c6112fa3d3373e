import { describe, expect, it } from 'vitest';
import { emaSmooth } from '../../../src-renderer/lib/charts/smoothing';

describe('emaSmooth', () => {
  it('is a copy at weight 0', () => {
    expect([...emaSmooth([3, 1, 4, 1, 5], 0)]).toEqual([3, 1, 4, 1, 5]);
  });

  it('is debiased: a constant series stays constant from the first point', () => {
    for (const y of emaSmooth([2, 2, 2, 2], 0.9)) expect(y).toBeCloseTo(2, 12);
  });

  it('follows the debiased EMA recurrence', () => {
    const w = 0.6;
    const ys = [1, 3, -2, 5];
    let acc = 0;
    const want = ys.map((y, i) => {
      acc = w * acc + (1 - w) * y;
      return acc / (1 - w ** (i + 1));
    });
    const got = emaSmooth(ys, w);
    want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });

  it('reduces the variance of noise and keeps the trend', () => {
    const ys = Array.from({ length: 2000 }, (_, i) => i / 1000 + (i % 2 === 0 ? 1 : -1));
    const s = emaSmooth(ys, 0.95);
    expect(Math.abs(s[1999]! - 1.999 + 0.95 / 20)).toBeLessThan(0.1);
    expect(Math.abs(s[1999]! - s[1998]!)).toBeLessThan(0.2);
  });

  it('passes non-finite values through as gaps without disturbing the average', () => {
    const s = emaSmooth([1, Number.NaN, 1, Number.POSITIVE_INFINITY, 1], 0.5);
    expect(Number.isNaN(s[1]!)).toBe(true);
    expect(Number.isNaN(s[3]!)).toBe(true);
    expect(s[4]).toBeCloseTo(1, 12);
  });

  it('clamps weights outside [0, 1) and handles an empty series', () => {
    expect(emaSmooth([], 0.5).length).toBe(0);
    expect([...emaSmooth([1, 2], -1)]).toEqual([1, 2]);
    expect(Number.isFinite(emaSmooth([1, 2], 1)[1]!)).toBe(true);
  });
});
