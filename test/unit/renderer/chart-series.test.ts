import { describe, expect, it } from 'vitest';
import { paletteVar, withAlpha } from '../../../src-renderer/lib/charts/color';
import { formatDuration, formatValue, logTickLabel } from '../../../src-renderer/lib/charts/format';
import {
  drawnSeries,
  flatRange,
  xValues,
  type Series,
} from '../../../src-renderer/lib/charts/series';

const view = { xAxis: 'step' as const, logY: false, smoothing: 0, buckets: 1000 };

describe('drawnSeries', () => {
  const a: Series = {
    id: 'a',
    label: 'loss',
    x: [0, 1, 2],
    y: [4, -1, 2],
    time: [1000, 3000, 7000],
  };
  const b: Series = { id: 'b', label: 'bpd', x: [0, 1], y: [1, 1], color: '#ff0000', dash: [4, 2] };

  it('draws each series once with its palette slot or colour', () => {
    const out = drawnSeries([a, b], view);
    expect(out.map((d) => [d.id, d.raw, d.color])).toEqual([
      ['a', false, 0],
      ['b', false, '#ff0000'],
    ]);
    expect(out[1]!.dash).toEqual([4, 2]);
  });

  it('with smoothing puts the raw curves first (behind) and smooths the others', () => {
    const out = drawnSeries([a], { ...view, smoothing: 0.5 });
    expect(out.map((d) => d.raw)).toEqual([true, false]);
    expect(out[0]!.data.map((p) => p.y)).toEqual([4, -1, 2]);
    expect(out[1]!.data[0]!.y).toBe(4);
    expect(out[1]!.data[1]!.y).toBeCloseTo((0.25 * 4 + 0.5 * -1) / 0.75, 12);
  });

  it('on a log axis turns y ≤ 0 into gaps', () => {
    expect(drawnSeries([a], { ...view, logY: true })[0]!.data).toEqual([
      { x: 0, y: 4 },
      { x: 2, y: 2 },
    ]);
  });

  it('by wall time uses seconds since the first point, and leaves out hidden series', () => {
    expect(Array.from(xValues(a, 'time'))).toEqual([0, 2, 6]);
    expect(xValues(b, 'time')).toBe(b.x);
    const out = drawnSeries([a, b], { ...view, xAxis: 'time', hidden: new Set(['b']) });
    expect(out.map((d) => d.id)).toEqual(['a']);
    expect(out[0]!.data.map((p) => p.x)).toEqual([0, 2, 6]);
  });

  it('decimates long series', () => {
    const n = 100_000;
    const long: Series = {
      id: 'l',
      label: 'long',
      x: Float64Array.from({ length: n }, (_, i) => i),
      y: Float64Array.from({ length: n }, (_, i) => Math.sin(i)),
    };
    const out = drawnSeries([long], { ...view, buckets: 400, smoothing: 0.9 });
    for (const d of out) expect(d.data.length).toBeLessThanOrEqual(802);
  });
});

describe('chart formatting and colours', () => {
  it('formats durations and values', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(7620)).toBe('2h 07m');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(3.14159265)).toBe('3.142');
    expect(formatValue(1.23e-7)).toBe('1.23e-7');
    expect(formatValue(250000)).toBe('2.50e+5');
    expect([0.001, 0.002, 0.003, 0.05, 0.8, 1, 20, 0, -1].map(logTickLabel)).toEqual([
      '0.001',
      '0.002',
      '',
      '0.05',
      '',
      '1',
      '20',
      '',
      '',
    ]);
  });

  it('adds alpha to hex and rgb colours', () => {
    expect(withAlpha('#4f5bd5', 0.2)).toBe('rgba(79, 91, 213, 0.2)');
    expect(withAlpha('#fff', 0.5)).toBe('rgba(255, 255, 255, 0.5)');
    expect(withAlpha('rgb(1, 2, 3)', 0.3)).toBe('rgba(1, 2, 3, 0.3)');
    expect(withAlpha('tomato', 0.3)).toBe('tomato');
    expect(paletteVar(9)).toBe('--series-1');
    expect(paletteVar(-1)).toBe('--series-7');
  });
});

describe('flatRange', () => {
  const drawnOf = (ys: number[]) => [
    { id: 'a', label: 'a', raw: false, color: 0, data: ys.map((y, x) => ({ x, y })) },
  ];

  it('pads a series flat up to rounding noise around its value', () => {
    const range = flatRange(drawnOf([1.767294049263001, 1.7672940492630005, 1.767294049263001]));
    expect(range!.min).toBeCloseTo(1.767 - 0.0884, 3);
    expect(range!.max).toBeCloseTo(1.767 + 0.0884, 3);
  });

  it('leaves series with a visible spread to the automatic range', () => {
    expect(flatRange(drawnOf([1, 1.5, 2]))).toBeNull();
    expect(flatRange(drawnOf([]))).toBeNull();
  });

  it('gives an all-zero series a small range around zero', () => {
    expect(flatRange(drawnOf([0, 0]))).toEqual({ min: -1e-6, max: 1e-6 });
  });
});
