/** The data a LineChart draws, and the pure step from series + view options to drawable datasets. */
import { minMaxDecimate, type XY } from './decimate';
import { emaSmooth } from './smoothing';

export type XAxis = 'step' | 'time';

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
  logY: boolean;
  /** EMA weight in [0, 1); 0 draws the raw series only. */
  smoothing: number;
  /** Min/max buckets per series (see minMaxDecimate). */
  buckets: number;
  hidden?: ReadonlySet<string>;
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

/** x values of a series for the chosen axis: steps as given, or seconds since its first point. */
export function xValues(series: Series, xAxis: XAxis): ArrayLike<number> {
  if (xAxis !== 'time' || !series.time || series.time.length === 0) return series.x;
  const t0 = series.time[0]!;
  return Float64Array.from(series.time, (t) => (t - t0) / 1000);
}

/** Log scales cannot place y ≤ 0: those points become gaps. */
function forLog(ys: ArrayLike<number>): ArrayLike<number> {
  return Float64Array.from(ys, (y) => (y > 0 ? y : Number.NaN));
}

/** Smooth at full resolution, then decimate each curve; raw curves come first so they draw behind. */
export function drawnSeries(series: readonly Series[], view: ViewOptions): DrawnSeries[] {
  const raw: DrawnSeries[] = [];
  const main: DrawnSeries[] = [];
  series.forEach((s, index) => {
    if (view.hidden?.has(s.id)) return;
    const xs = xValues(s, view.xAxis);
    const color = s.color ?? index;
    const base = { id: s.id, label: s.label, color, ...(s.dash ? { dash: s.dash } : {}) };
    const prepare = (ys: ArrayLike<number>) =>
      minMaxDecimate(xs, view.logY ? forLog(ys) : ys, view.buckets);
    if (view.smoothing > 0) {
      raw.push({ ...base, raw: true, data: prepare(s.y) });
      main.push({ ...base, raw: false, data: prepare(emaSmooth(s.y, view.smoothing)) });
    } else {
      main.push({ ...base, raw: false, data: prepare(s.y) });
    }
  });
  return [...raw, ...main];
}

/**
 * A y-range for series that are (numerically) flat, so the axis shows the value instead of
 * rounding noise; null when the data spread is visible on its own.
 */
export function flatRange(drawn: DrawnSeries[]): { min: number; max: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const series of drawn) {
    for (const { y } of series.data) {
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const scale = Math.max(Math.abs(lo), Math.abs(hi), 1e-12);
  if (hi - lo > 1e-6 * scale) return null;
  const pad = Math.max(Math.abs(hi) * 0.05, 1e-6);
  return { min: lo - pad, max: hi + pad };
}
