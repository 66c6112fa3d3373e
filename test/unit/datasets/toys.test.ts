import { describe, expect, it } from 'vitest';
import { TOY_NAMES, ToyDataset } from '../../../src-main/backend/datasets/toys';

/** ∫ p over [−6, 6]² on a grid of step h (midpoint rule). */
function totalMass(toy: ToyDataset, h: number): number {
  const n = Math.round(12 / h);
  const points = new Float32Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      points[2 * (i * n + j)] = -6 + (i + 0.5) * h;
      points[2 * (i * n + j) + 1] = -6 + (j + 0.5) * h;
    }
  return toy.logDensity(points).reduce((s, v) => s + Math.exp(v), 0) * h * h;
}

describe('2-D toys', () => {
  for (const name of TOY_NAMES) {
    it(`${name}: same seed, same points; its reference density integrates to 1 and is finite on its samples`, () => {
      const small = { train: 2000, test: 500 };
      const a = new ToyDataset(name, { seed: 4, ...small });
      const b = new ToyDataset(name, { seed: 4, ...small });
      const first = (d: ToyDataset) =>
        [...d.batches('train', { batchSize: 2000, seed: 0, shuffle: false })][0]!;
      expect(Array.from(first(a).x)).toEqual(Array.from(first(b).x));
      expect(Array.from(first(new ToyDataset(name, { seed: 5, ...small })).x)).not.toEqual(
        Array.from(first(a).x),
      );
      expect(totalMass(a, 0.1)).toBeCloseTo(1, 1);
      const logp = a.logDensity(first(a).x);
      expect(logp.every(Number.isFinite)).toBe(true);
      expect(first(a).ldj.every((v) => v === 0)).toBe(true);
    });
  }

  it('8 gaussians has its exact density at a centre', () => {
    const toy = new ToyDataset('eight-gaussians', { train: 1, test: 1 });
    const s = 0.5 / Math.SQRT2;
    const [logp] = toy.logDensity(Float32Array.of(4 / Math.SQRT2, 0));
    const expected = Math.log((1 / 8) * (1 / (2 * Math.PI * s * s)));
    expect(logp).toBeCloseTo(expected, 3);
  });

  it('checkerboard is uniform 1/32 on its squares and zero off them', () => {
    const toy = new ToyDataset('checkerboard', { train: 1, test: 1 });
    expect(Array.from(toy.logDensity(Float32Array.of(0.5, 0.5, 0.5, -0.5, -3.5, -3.5)))).toEqual([
      -Math.log(32),
      -Infinity,
      -Math.log(32),
    ]);
  });

  it('renders a histogram thumbnail', () => {
    const png = new ToyDataset('two-moons', { train: 1000, test: 10 }).thumbnails();
    expect([png.width, png.height, png.channels]).toEqual([128, 128, 1]);
    expect(Math.max(...png.pixels)).toBe(255);
  });
});
