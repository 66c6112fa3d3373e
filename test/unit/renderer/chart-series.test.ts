import { describe, expect, it } from 'vitest';
import { paletteVar, withAlpha } from '../../../src-renderer/lib/charts/color';
import { formatDuration, formatValue } from '../../../src-renderer/lib/charts/format';
import {
  drawnExtent,
  drawnSeries,
  valueExtent,
  xValues,
  type Series,
} from '../../../src-renderer/lib/charts/series';
import { chooseYScale } from '../../../src-renderer/lib/charts/yscale';

const view = { xAxis: 'step' as const, y: chooseYScale(false, 0, 1), smoothing: 0, buckets: 1000 };

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

  it('on a log axis draws log10 of positive data; data reaching 0 or below get symlog, not gaps', () => {
    const positive: Series = { id: 'p', label: 'p', x: [0, 1], y: [10, 1000] };
    const log = chooseYScale(true, 10, 1000);
    expect(log.kind).toBe('log');
    expect(drawnSeries([positive], { ...view, y: log })[0]!.data.map((p) => p.y)).toEqual([1, 3]);
    const sym = chooseYScale(true, -1, 4);
    expect(sym.kind).toBe('symlog');
    const ys = drawnSeries([a], { ...view, y: sym })[0]!.data.map((p) => p.y);
    expect(ys).toHaveLength(3);
    expect(ys[0]).toBeCloseTo(Math.log10(5), 12);
    expect(ys[1]).toBeCloseTo(-Math.log10(2), 12);
    expect(valueExtent([a])).toEqual({ min: -1, max: 4 });
  });

  it('by time uses seconds since the run start (the frame), so a late point sits at its real time', () => {
    expect(Array.from(xValues(a, 'time'))).toEqual([0, 2, 6]);
    const test: Series = { id: 't', label: 'test', x: [2], y: [1], time: [7000] };
    expect(Array.from(xValues(test, 'time', { timeOrigin: 1000 }))).toEqual([6]);
    expect(Array.from(xValues(test, 'clock'))).toEqual([7]);
    expect(Array.from(xValues(a, 'epoch', { stepsPerEpoch: 2 }))).toEqual([0, 0.5, 1]);
    expect(xValues(b, 'time')).toBe(b.x);
    const out = drawnSeries([a, b], { ...view, xAxis: 'time', hidden: new Set(['b']) });
    expect(out.map((d) => d.id)).toEqual(['a']);
    expect(out[0]!.data.map((p) => p.x)).toEqual([0, 2, 6]);
  });

  it('zoomed, draws the visible window plus one point beyond each end, and fits y to it', () => {
    const n = 1000;
    const s: Series = {
      id: 's',
      label: 's',
      x: Float64Array.from({ length: n }, (_, i) => i),
      y: Float64Array.from({ length: n }, (_, i) => i * i),
    };
    const out = drawnSeries([s], { ...view, range: { min: 100, max: 200 } });
    const xs = out[0]!.data.map((p) => p.x);
    expect(xs[0]).toBe(99);
    expect(xs.at(-1)).toBe(201);
    const e = drawnExtent(out, { min: 100, max: 200 });
    expect([e.xMin, e.xMax, e.yMin, e.yMax]).toEqual([100, 200, 10000, 40000]);
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
