/**
 * The y axis of a LineChart: linear, log10, or symlog (sign(y)·log10(1 + |y|/c)) when a log axis
 * is asked for data that reach 0 or below. Points are mapped before drawing and ticks are placed
 * and labelled in data units, so every axis is labelled whatever its range.
 */
import { linearTicks, thin, type Tick } from './ticks';

export type YScaleKind = 'linear' | 'log' | 'symlog';

export interface YScale {
  kind: YScaleKind;
  /** Data value → axis position. */
  fwd(y: number): number;
  /** Axis position → data value. */
  inv(t: number): number;
  /** Symlog's linear threshold c. */
  threshold?: number;
}

const LINEAR: YScale = { kind: 'linear', fwd: (y) => y, inv: (t) => t };
const LOG: YScale = { kind: 'log', fwd: (y) => (y > 0 ? Math.log10(y) : NaN), inv: (t) => 10 ** t };

/** The symlog with linear threshold `c`: linear near 0, logarithmic beyond ±c. */
export function symlog(c: number): YScale {
  return {
    kind: 'symlog',
    threshold: c,
    fwd: (y) => Math.sign(y) * Math.log10(1 + Math.abs(y) / c),
    inv: (t) => Math.sign(t) * c * (10 ** Math.abs(t) - 1),
  };
}

/** The y scale for data with this range: log for positive data, symlog (threshold 1, or smaller for tiny data) otherwise. */
export function chooseYScale(logY: boolean, min: number, max: number): YScale {
  if (!logY) return LINEAR;
  if (min > 0 || !Number.isFinite(min)) return LOG;
  const top = Math.max(Math.abs(min), Math.abs(max));
  return symlog(top > 0 && top < 1 ? 10 ** (Math.floor(Math.log10(top)) - 1) : 1);
}

/** The axis range (in axis positions) for data in [min, max]: 5% padding, and a flat series gets ±5% of its value (±1 around 0) instead of a range of rounding noise. */
export function paddedRange(scale: YScale, min: number, max: number): { min: number; max: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1 };
  let lo = min;
  let hi = max;
  const scaleOf = Math.max(Math.abs(lo), Math.abs(hi));
  if (hi - lo <= 1e-9 * scaleOf || hi === lo) {
    const pad = scaleOf > 0 ? scaleOf * 0.05 : 1;
    lo -= pad;
    hi += pad;
    if (scale.kind === 'log' && lo <= 0) lo = min / 1.1;
  }
  const a = scale.fwd(lo);
  const b = scale.fwd(hi);
  const margin = (b - a) * 0.05;
  return { min: a - margin, max: b + margin };
}

/** Powers of ten (and 2×, 5× when few) between axis positions a and b on a log axis. */
function decadeTicks(a: number, b: number, count: number): Tick[] {
  const out: Tick[] = [];
  const mantissas = Math.floor(b) - Math.ceil(a) < 3 ? [1, 2, 5] : [1];
  for (let k = Math.floor(a); k <= Math.ceil(b); k++) {
    for (const m of mantissas) {
      const v = m * 10 ** k;
      const t = Math.log10(v);
      if (t >= a - 1e-9 && t <= b + 1e-9) out.push({ value: t, text: decadeText(v) });
    }
  }
  return thin(out, count);
}

/** 0.001, 0.5, 20, 1e6: short text for 1, 2 and 5 times a power of ten. */
function decadeText(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(1)));
}

/** 0 and ±powers of ten (at or beyond the threshold) between axis positions a and b on a symlog axis. */
function symlogDecades(scale: YScale, a: number, b: number, count: number): Tick[] {
  const c = scale.threshold ?? 1;
  const values: number[] = [];
  if (a <= 0 && b >= 0) values.push(0);
  for (let k = Math.floor(Math.log10(c)); k < 40; k++) {
    const v = 10 ** k;
    if (scale.fwd(v) > Math.max(Math.abs(a), Math.abs(b))) break;
    values.push(v, -v);
  }
  const inRange = values
    .map((v) => ({ value: scale.fwd(v), text: v === 0 ? '0' : decadeText(v) }))
    .filter((t) => t.value >= a - 1e-9 && t.value <= b + 1e-9)
    .sort((p, q) => p.value - q.value);
  return thin(inRange, count);
}

/**
 * About `count` labelled ticks for the axis range [a, b] (axis positions): decades where the range
 * spans them, otherwise evenly spaced data values with decimals from their step, mapped to the axis.
 */
export function yTicks(scale: YScale, a: number, b: number, count: number): Tick[] {
  if (scale.kind !== 'linear') {
    const decades =
      scale.kind === 'log' ? decadeTicks(a, b, count) : symlogDecades(scale, a, b, count);
    if (decades.length >= 3) return decades;
  }
  const lo = scale.inv(a);
  const hi = scale.inv(b);
  return linearTicks(lo, hi, count)
    .filter((t) => scale.kind !== 'log' || t.value > 0)
    .map((t) => ({ value: scale.fwd(t.value), text: t.text }));
}
