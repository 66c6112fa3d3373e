import { describe, expect, it } from 'vitest';
import {
  clockTicks,
  decimalsFor,
  durationStep,
  elapsedTicks,
  formatElapsed,
  formatTick,
  linearTicks,
  niceStep,
} from '../../../src-renderer/lib/charts/ticks';
import { chooseYScale, paddedRange, symlog, yTicks } from '../../../src-renderer/lib/charts/yscale';
import { panBy, selectedRange, zoomAround } from '../../../src-renderer/lib/charts/zoom';

const texts = (ticks: { text: string }[]) => ticks.map((t) => t.text);
const distinct = (xs: string[]) => new Set(xs).size === xs.length;

describe('linear ticks', () => {
  it('use 1, 2, 5 × 10^k steps and decimals from the step', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(0.003, 6)).toBeCloseTo(0.0005, 15);
    expect(niceStep(0, 5)).toBe(0);
    expect([0.25, 0.001, 50, 2e-7].map(decimalsFor)).toEqual([2, 3, 0, 7]);
    expect(formatTick(4.1049999, 0.0001)).toBe('4.1050');
    expect(formatTick(20000, 5000)).toBe('20,000');
    expect(formatTick(-0.30000000000000004, 0.1)).toBe('-0.3');
    expect(formatTick(3e-7, 1e-7)).toBe('3e-7');
    expect(texts(linearTicks(-1e-6, 1e-6, 4))).toEqual([
      '-1.0e-6',
      '-5.0e-7',
      '0',
      '5.0e-7',
      '1.0e-6',
    ]);
  });

  it('label a nearly flat prior (4.1049 … 4.1052) with distinct labels, not "4.105" four times', () => {
    const ticks = linearTicks(4.1049, 4.1052, 4);
    expect(texts(ticks)).toEqual(['4.1049', '4.1050', '4.1051', '4.1052']);
  });

  it('keep whole steps on a step axis however far one zooms in', () => {
    expect(texts(linearTicks(10.2, 12.9, 8, 1))).toEqual(['11', '12']);
    expect(texts(linearTicks(0, 100_000, 5))).toEqual([
      '0',
      '20,000',
      '40,000',
      '60,000',
      '80,000',
      '100,000',
    ]);
  });
});

describe('time ticks', () => {
  it('choose steps in clock units and never repeat a label', () => {
    expect(durationStep(1.2, 4)).toBeCloseTo(0.5, 12);
    expect(durationStep(100, 5)).toBe(30);
    expect(durationStep(7200, 4)).toBe(1800);
    const short = texts(elapsedTicks(0, 1.2, 8));
    expect(short).toEqual(['0.0 s', '0.2 s', '0.4 s', '0.6 s', '0.8 s', '1.0 s', '1.2 s']);
    expect(distinct(short)).toBe(true);
    expect(texts(elapsedTicks(0, 100, 4))).toEqual(['0 s', '30 s', '1m 00s', '1m 30s']);
    expect(texts(elapsedTicks(0, 3 * 3600, 3))).toEqual(['0 s', '1 h', '2 h', '3 h']);
    expect(formatElapsed(3900, 300)).toBe('1h 05m');
    expect(formatElapsed(600, 300)).toBe('10 min');
  });

  it('put clock ticks on round local times', () => {
    const t0 = new Date(2026, 11, 3, 14, 3, 20).getTime() / 1000;
    const ticks = clockTicks(t0, t0 + 600, 5);
    expect(texts(ticks)).toEqual(['14:04', '14:06', '14:08', '14:10', '14:12']);
    expect(distinct(texts(clockTicks(t0, t0 + 20, 5)))).toBe(true);
  });
});

describe('y scales', () => {
  it('log for positive data, symlog when data reach 0 or below', () => {
    expect(chooseYScale(false, -5, 5).kind).toBe('linear');
    expect(chooseYScale(true, 0.5, 5).kind).toBe('log');
    expect(chooseYScale(true, -14000, -4).kind).toBe('symlog');
    const s = symlog(1);
    for (const y of [-14000, -4.1, 0, 0.3, 9]) expect(s.inv(s.fwd(y))).toBeCloseTo(y, 9);
  });

  it('an ELBO between −14000 and −4 on a log axis gets labelled decades', () => {
    const scale = chooseYScale(true, -14000, -4);
    const r = paddedRange(scale, -14000, -4);
    const ticks = yTicks(scale, r.min, r.max, 6);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(texts(ticks)).toContain('-1000');
    expect(ticks.every((t) => t.text !== '')).toBe(true);
  });

  it('a narrow negative range on a log axis still gets labelled, distinct ticks', () => {
    const scale = chooseYScale(true, -4.2, -3.9);
    const r = paddedRange(scale, -4.2, -3.9);
    const ticks = yTicks(scale, r.min, r.max, 5);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(distinct(texts(ticks))).toBe(true);
    for (const t of ticks) expect(Number(t.text)).toBeCloseTo(scale.inv(t.value), 9);
  });

  it('throughput on a log axis (120 … 135 images/s) keeps its tick labels', () => {
    const scale = chooseYScale(true, 120, 135);
    const r = paddedRange(scale, 120, 135);
    const ticks = yTicks(scale, r.min, r.max, 5);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.every((t) => t.text.length > 0)).toBe(true);
    expect(distinct(texts(ticks))).toBe(true);
  });

  it('a constant series gets a padded range around its value with distinct labels', () => {
    const linear = chooseYScale(false, 1.7673, 1.7673);
    const r = paddedRange(linear, 1.7673, 1.7673);
    expect(r.min).toBeLessThan(1.7673 * 0.95);
    expect(r.max).toBeGreaterThan(1.7673 * 1.05);
    const labels = texts(yTicks(linear, r.min, r.max, 5));
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(distinct(labels)).toBe(true);
    const zero = paddedRange(linear, 0, 0);
    expect(zero.max).toBeGreaterThan(1);
    expect(zero.min).toBeLessThan(-1);
    const logFlat = chooseYScale(true, 4.105, 4.105);
    const lr = paddedRange(logFlat, 4.105, 4.105);
    expect(distinct(texts(yTicks(logFlat, lr.min, lr.max, 5)))).toBe(true);
  });
});

describe('zoom steps', () => {
  it('select, zoom around a point and pan', () => {
    expect(selectedRange(50, 10, 5)).toEqual({ min: 10, max: 50 });
    expect(selectedRange(10, 12, 5)).toBeNull();
    expect(zoomAround({ min: 0, max: 100 }, 50, 0.5)).toEqual({ min: 25, max: 75 });
    expect(panBy({ min: 0, max: 10 }, 5)).toEqual({ min: 5, max: 15 });
  });
});
