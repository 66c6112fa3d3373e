/**
 * Thins a series to at most maxPoints (≥ 2) for plotting: keeps the first and last point and, in
 * equal-count buckets between them, each bucket's minimum and maximum (so spikes survive), in
 * order. Null values (NaN) are skipped for min/max; an all-null bucket keeps its first point.
 */
export function downsampleMinMax<T>(
  points: readonly T[],
  valueOf: (point: T) => number | null,
  maxPoints: number,
): T[] {
  const n = points.length;
  if (n <= maxPoints) return points.slice();
  const buckets = Math.floor((maxPoints - 2) / 2);
  const interior = n - 2;
  const kept = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets);
    kept.push(...extremes(points, valueOf, start, end));
  }
  kept.push(n - 1);
  return kept.map((i) => points[i] as T);
}

/** Indices of the min and max of points[start, end), in index order, one index if they coincide. */
function extremes<T>(
  points: readonly T[],
  valueOf: (point: T) => number | null,
  start: number,
  end: number,
): number[] {
  let lo = -1;
  let hi = -1;
  for (let i = start; i < end; i++) {
    const v = valueOf(points[i] as T);
    if (v === null || Number.isNaN(v)) continue;
    if (lo < 0 || v < (valueOf(points[lo] as T) as number)) lo = i;
    if (hi < 0 || v > (valueOf(points[hi] as T) as number)) hi = i;
  }
  if (lo < 0) return start < end ? [start] : [];
  if (lo === hi) return [lo];
  return lo < hi ? [lo, hi] : [hi, lo];
}
