import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from '../../../src-main/backend/store/downsample';

const id = (v: number | null) => v;

describe('downsampleMinMax', () => {
  it('returns short series unchanged', () => {
    expect(downsampleMinMax([3, 1, 2], id, 3)).toEqual([3, 1, 2]);
  });

  it('keeps first, last and every spike within maxPoints', () => {
    const series = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 100));
    series[4321] = 50;
    series[7777] = -50;
    const thin = downsampleMinMax(series, id, 200);
    expect(thin.length).toBeLessThanOrEqual(200);
    expect(thin.length).toBeGreaterThan(150);
    expect(thin[0]).toBe(series[0]);
    expect(thin.at(-1)).toBe(series.at(-1));
    expect(Math.max(...thin)).toBe(50);
    expect(Math.min(...thin)).toBe(-50);
  });

  it('keeps the original order and skips NaN (null) values', () => {
    const series = Array.from({ length: 100 }, (_, i) => ({ i, v: i % 7 === 0 ? null : i }));
    const thin = downsampleMinMax(series, (p) => p.v, 10);
    const order = thin.map((p) => p.i);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(thin.slice(1, -1).every((p) => p.v !== null)).toBe(true);
  });

  it('with maxPoints 2 keeps only the ends', () => {
    expect(downsampleMinMax([1, 9, 2, 8], id, 2)).toEqual([1, 8]);
  });
});
