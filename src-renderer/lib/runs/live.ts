/** Merging live metric points into series already fetched, and coalescing bursts of events. */
import type { MetricPoint } from '#shared/api/runs';

/** A metric series in columns, as LineChart draws it (null values become NaN gaps). */
export interface Columns {
  x: number[];
  y: number[];
  time: number[];
}

export function toColumns(points: readonly MetricPoint[]): Columns {
  const out: Columns = { x: [], y: [], time: [] };
  for (const p of points) {
    out.x.push(p.step);
    out.y.push(p.value ?? Number.NaN);
    out.time.push(p.time);
  }
  return out;
}

/**
 * Returns new columns with the points merged in step order: a point at a step already present
 * replaces it, later steps append (the common case, O(k)), earlier ones are inserted. A resume
 * rewinds a run, so a point far before the end may arrive; it is placed, never dropped.
 */
export function mergePoints(series: Columns, points: readonly MetricPoint[]): Columns {
  const out: Columns = { x: series.x.slice(), y: series.y.slice(), time: series.time.slice() };
  for (const p of points) {
    const y = p.value ?? Number.NaN;
    const n = out.x.length;
    if (n === 0 || p.step > out.x[n - 1]!) {
      out.x.push(p.step);
      out.y.push(y);
      out.time.push(p.time);
      continue;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (out.x[mid]! < p.step) lo = mid + 1;
      else hi = mid;
    }
    if (out.x[lo] === p.step) {
      out.y[lo] = y;
      out.time[lo] = p.time;
    } else {
      out.x.splice(lo, 0, p.step);
      out.y.splice(lo, 0, y);
      out.time.splice(lo, 0, p.time);
    }
  }
  return out;
}

/** Drops the points after `step` (a resumed run rewinds to its checkpoint and logs them again). */
export function truncateAfter(series: Columns, step: number): Columns {
  let n = series.x.length;
  while (n > 0 && series.x[n - 1]! > step) n--;
  if (n === series.x.length) return series;
  return { x: series.x.slice(0, n), y: series.y.slice(0, n), time: series.time.slice(0, n) };
}

/** Groups points by metric key, keeping their order. */
export function groupByKey<P extends { key: string }>(points: readonly P[]): Map<string, P[]> {
  const out = new Map<string, P[]>();
  for (const p of points) {
    let list = out.get(p.key);
    if (!list) out.set(p.key, (list = []));
    list.push(p);
  }
  return out;
}

export interface Coalescer {
  /** Asks for a run of `fn`; calls within `waitMs` coalesce, and a steady stream still runs every `maxWaitMs`. */
  request(): void;
  cancel(): void;
}

/** Trailing debounce with a maximum wait, so a stream of events refetches at most every maxWaitMs. */
export function coalesce(
  fn: () => void,
  waitMs: number,
  maxWaitMs: number,
  clock: { now(): number; set(fn: () => void, ms: number): unknown; clear(id: unknown): void } = {
    now: () => Date.now(),
    set: (f, ms) => setTimeout(f, ms),
    clear: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  },
): Coalescer {
  let timer: unknown = null;
  let firstAt: number | null = null;
  const fire = () => {
    timer = null;
    firstAt = null;
    fn();
  };
  return {
    request() {
      const now = clock.now();
      firstAt ??= now;
      if (timer !== null) clock.clear(timer);
      const delay = Math.max(0, Math.min(waitMs, firstAt + maxWaitMs - now));
      timer = clock.set(fire, delay);
    },
    cancel() {
      if (timer !== null) clock.clear(timer);
      timer = null;
      firstAt = null;
    },
  };
}
