import { describe, expect, it } from 'vitest';
import {
  bitsPerDim,
  LOGIT_ALPHA,
  toModelSpace,
  toPixels,
  type DataTransformKind,
} from '#shared/mdm/transforms';

const kinds: DataTransformKind[] = ['logit', 'center'];

/** Per-coordinate log density of x = T(y) when y is uniform on [0,1): log p_x = −log|dx/dy|. */
function numericLogDeriv(kind: DataTransformKind, y: number): number {
  const h = 1e-4;
  const f = (v: number): number => {
    const out = new Float32Array(1);
    toModelSpace(kind, new Float32Array([v]), 1, out);
    return out[0] as number;
  };
  return Math.log((f(y + h) - f(y - h)) / (2 * h));
}

describe('data transforms (docs/science.md §5)', () => {
  it.each(kinds)('%s: ldj is the log-derivative summed per example', (kind) => {
    const y = new Float32Array([0.1, 0.5, 0.9, 0.25, 0.75, 0.01]);
    const out = new Float32Array(6);
    const ldj = toModelSpace(kind, y, 3, out);
    expect(ldj.length).toBe(2);
    for (let i = 0; i < 2; i++) {
      let want = 0;
      for (let j = 0; j < 3; j++) want += numericLogDeriv(kind, y[3 * i + j] as number);
      expect(ldj[i]).toBeCloseTo(want, 2);
    }
  });

  it('logit maps y to logit(α + (1 − 2α) y)', () => {
    const out = new Float32Array(1);
    toModelSpace('logit', new Float32Array([0.5]), 1, out);
    expect(out[0]).toBeCloseTo(0, 6);
    toModelSpace('logit', new Float32Array([0]), 1, out);
    expect(out[0]).toBeCloseTo(Math.log(LOGIT_ALPHA / (1 - LOGIT_ALPHA)), 5);
  });

  it.each(kinds)('%s: dequantized pixels round-trip back to the same pixels', (kind) => {
    const pixels = Uint8Array.from({ length: 256 }, (_, i) => i);
    const y = Float32Array.from(pixels, (p, i) => (p + ((i * 0.618) % 1)) / 256);
    const x = new Float32Array(256);
    toModelSpace(kind, y, 256, x);
    const back = new Uint8Array(256);
    toPixels(kind, x, back);
    expect(Array.from(back)).toEqual(Array.from(pixels));
  });

  it('toPixels clamps out-of-range values', () => {
    const back = new Uint8Array(3);
    toPixels('center', new Float32Array([-3, 3, Number.NaN]), back);
    expect(Array.from(back)).toEqual([0, 255, 0]);
  });

  it.each(kinds)(
    '%s: uniform noise per pixel scores exactly 8 bits/dim with the exact density',
    (kind) => {
      // y ~ U[0,1)^d has density 1, so the exact model-space log density is log p(x) = −ldj.
      const d = 784;
      const y = Float32Array.from({ length: 2 * d }, (_, i) => ((i * 0.7548776662) % 1) * 0.999);
      const x = new Float32Array(2 * d);
      const ldj = toModelSpace(kind, y, d, x);
      for (const l of ldj) expect(bitsPerDim(-l, l, d)).toBeCloseTo(8, 10);
    },
  );

  it('bits per dim: a model density of 1 per unit of y costs 8 bits, each extra nat costs 1/(d ln 2)', () => {
    expect(bitsPerDim(0, 0, 10)).toBe(8);
    expect(bitsPerDim(-10 * Math.LN2, 0, 10)).toBeCloseTo(9, 12);
    expect(bitsPerDim(-5, 5, 3)).toBeCloseTo(8, 12);
  });
});
