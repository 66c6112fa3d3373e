import { describe, expect, it } from 'vitest';
import { minMaxDecimate } from '../../../src-renderer/lib/charts/decimate';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('minMaxDecimate', () => {
  it('keeps short series whole, dropping non-finite y', () => {
    expect(minMaxDecimate([0, 1, 2], [5, Number.NaN, 7], 10)).toEqual([
      { x: 0, y: 5 },
      { x: 2, y: 7 },
    ]);
  });

  it('bounds the output by 2·buckets + 2 points, in x order, with both ends', () => {
    const n = 100_000;
    const xs = range(n);
    const ys = xs.map((i) => Math.sin(i / 500) + (i % 7) / 10);
    const out = minMaxDecimate(xs, ys, 500);
    expect(out.length).toBeLessThanOrEqual(1002);
    expect(out.length).toBeGreaterThan(900);
    expect(out[0]).toEqual({ x: 0, y: ys[0] });
    expect(out.at(-1)).toEqual({ x: n - 1, y: ys[n - 1] });
    for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
  });

  it('keeps the envelope: global min, max and an isolated spike survive', () => {
    const n = 50_000;
    const ys = range(n).map((i) => Math.cos(i / 1000));
    ys[12_345] = 40;
    ys[33_333] = -40;
    const out = minMaxDecimate(range(n), ys, 200);
    const outYs = out.map((p) => p.y);
    expect(Math.max(...outYs)).toBe(40);
    expect(Math.min(...outYs)).toBe(-40);
    expect(out.find((p) => p.y === 40)?.x).toBe(12_345);
  });

  it('every output point is a point of the input', () => {
    const xs = range(5000).map((i) => i * 0.5);
    const ys = xs.map((x) => x * x - 3 * x);
    for (const p of minMaxDecimate(xs, ys, 50)) expect(p.y).toBe(p.x * p.x - 3 * p.x);
  });

  it('skips non-finite values and all-NaN buckets in long series', () => {
    const n = 10_000;
    const ys = range(n).map((i) => (i < 3000 || i % 2 === 0 ? Number.NaN : i));
    const out = minMaxDecimate(range(n), ys, 100);
    expect(out.every((p) => Number.isFinite(p.y))).toBe(true);
    expect(out[0]!.x).toBe(3001);
    expect(out.at(-1)!.x).toBe(9999);
    expect(
      minMaxDecimate(
        range(n),
        range(n).map(() => Number.NaN),
        100,
      ),
    ).toEqual([]);
  });

  it('reduces a million points to at most 2·buckets + 2', () => {
    const n = 1_000_000;
    const xs = new Float64Array(n).map((_, i) => i);
    const ys = new Float64Array(n).map((_, i) => Math.sin(i));
    const out = minMaxDecimate(xs, ys, 1000);
    expect(out.length).toBeLessThanOrEqual(2002);
  });
});
