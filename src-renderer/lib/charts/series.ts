/** The data a LineChart draws, and the pure step from series + view options to drawable datasets. */
import { minMaxDecimate, type XY } from './decimate';
import { emaSmooth } from './smoothing';
import type { YScale } from './yscale';

/** x by training step, by epoch, by time since the run's first point, or by clock time. */
export type XAxis = 'step' | 'epoch' | 'time' | 'clock';

/** What turns steps and wall-clock times into the chosen x: the run's first time (ms) and its steps per epoch. */
export interface XFrame {
  timeOrigin?: number;
  stepsPerEpoch?: number;
}

/** An x interval (in the chosen axis' units), e.g. the zoomed view. */
export interface XRange {
  min: number;
  max: number;
}

export interface Series {
  /** Stable identity (legend visibility, colours) across updates. */
  id: string;
  label: string;
  /** The x of each point: the training step, or any abscissa such as diffusion time t. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Wall-clock milliseconds of each point; used when the chart's x-axis is 'time'. */
  time?: ArrayLike<number>;
  /** A palette slot (0, 1, …), a CSS variable name ('--muted') or any CSS colour; defaults to the series' position. */
  color?: number | string;
  /** Canvas line dash, e.g. [6, 4]. */
  dash?: number[];
}

export interface ViewOptions {
  xAxis: XAxis;
  /** The y mapping points are drawn in (linear, log, symlog). */
  y: YScale;
  /** EMA weight in [0, 1); 0 draws the raw series only. */
  smoothing: number;
  /** Min/max buckets per series (see minMaxDecimate). */
  buckets: number;
  hidden?: ReadonlySet<string>;
  frame?: XFrame;
  /** Only this x interval is decimated and drawn (plus one point beyond each end). */
  range?: XRange | null;
}

export interface DrawnSeries {
  id: string;
  label: string;
  /** The faded raw curve behind a smoothed one. */
  raw: boolean;
  data: XY[];
  color: number | string;
  dash?: number[];
}

/** x values of a series for the chosen axis; series without times (or steps per epoch) keep their x. */
export function xValues(series: Series, xAxis: XAxis, frame: XFrame = {}): ArrayLike<number> {
  if (xAxis === 'epoch') {
    const per = frame.stepsPerEpoch ?? 0;
    return per > 0 ? Float64Array.from(series.x, (x) => x / per) : series.x;
  }
  if (xAxis === 'step' || !series.time || series.time.length === 0) return series.x;
  const t0 = xAxis === 'clock' ? 0 : (frame.timeOrigin ?? series.time[0]!);
  return Float64Array.from(series.time, (t) => (t - t0) / 1000);
}

/** First index with xs[i] ≥ v (or > v when `after`) in a non-decreasing array. */
function bound(xs: ArrayLike<number>, v: number, after = false): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v || (after && xs[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index window [from, to) covering `range` and one point beyond each end. */
function window(xs: ArrayLike<number>, range: XRange | null | undefined): [number, number] {
  if (!range) return [0, xs.length];
  return [
    Math.max(0, bound(xs, range.min) - 1),
    Math.min(xs.length, bound(xs, range.max, true) + 1),
  ];
}

const slice = (a: ArrayLike<number>, from: number, to: number): ArrayLike<number> =>
  from === 0 && to === a.length
    ? a
    : Array.isArray(a)
      ? a.slice(from, to)
      : (a as Float64Array).subarray(from, to);

/** Smooth at full resolution, map y, then decimate each curve's visible window; raw curves come first so they draw behind. */
export function drawnSeries(series: readonly Series[], view: ViewOptions): DrawnSeries[] {
  const raw: DrawnSeries[] = [];
  const main: DrawnSeries[] = [];
  series.forEach((s, index) => {
    if (view.hidden?.has(s.id)) return;
    const xs = xValues(s, view.xAxis, view.frame);
    const [from, to] = window(xs, view.range);
    const visibleX = slice(xs, from, to);
    const color = s.color ?? index;
    const base = { id: s.id, label: s.label, color, ...(s.dash ? { dash: s.dash } : {}) };
    const prepare = (ys: ArrayLike<number>) => {
      const visible = slice(ys, from, to);
      const mapped =
        view.y.kind === 'linear' ? visible : Float64Array.from(visible, (y) => view.y.fwd(y));
      return minMaxDecimate(visibleX, mapped, view.buckets);
    };
    if (view.smoothing > 0) {
      raw.push({ ...base, raw: true, data: prepare(s.y) });
      main.push({ ...base, raw: false, data: prepare(emaSmooth(s.y, view.smoothing)) });
    } else {
      main.push({ ...base, raw: false, data: prepare(s.y) });
    }
  });
  return [...raw, ...main];
}

/** The smallest and largest finite value of the visible series (for the y scale's choice). */
export function valueExtent(
  series: readonly Series[],
  hidden?: ReadonlySet<string>,
): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    if (hidden?.has(s.id)) continue;
    for (let i = 0; i < s.y.length; i++) {
      const y = s.y[i]!;
      if (y < min) min = y;
      if (y > max) max = y;
    }
  }
  return { min, max };
}

/** The x and y extent of drawn points (y in axis positions), counting only points inside `range` when given. */
export function drawnExtent(
  drawn: readonly DrawnSeries[],
  range?: XRange | null,
): { xMin: number; xMax: number; yMin: number; yMax: number } {
  const e = { xMin: Infinity, xMax: -Infinity, yMin: Infinity, yMax: -Infinity };
  for (const d of drawn) {
    for (const { x, y } of d.data) {
      if (range && (x < range.min || x > range.max)) continue;
      if (x < e.xMin) e.xMin = x;
      if (x > e.xMax) e.xMax = x;
      if (y < e.yMin) e.yMin = y;
      if (y > e.yMax) e.yMax = y;
    }
  }
  return e;
}
