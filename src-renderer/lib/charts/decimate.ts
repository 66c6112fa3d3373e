/** Min/max bucketing of long series so a chart draws a few thousand points whatever the run length. */

export interface XY {
  x: number;
  y: number;
}

/**
 * Splits the index range into `buckets` equal runs and keeps, in x order, the first and last point
 * and each bucket's minimum and maximum: the drawn envelope (spikes included) matches the full
 * series. O(n), one pass; non-finite y are dropped; series no longer than 2·buckets + 2 are kept
 * whole.
 */
export function minMaxDecimate(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  buckets: number,
): XY[] {
  const n = Math.min(xs.length, ys.length);
  const out: XY[] = [];
  if (n <= 2 * buckets + 2 || buckets < 1) {
    for (let i = 0; i < n; i++) {
      const y = ys[i]!;
      if (Number.isFinite(y)) out.push({ x: xs[i]!, y });
    }
    return out;
  }
  const first = firstFinite(ys, 0, n, 1);
  const last = firstFinite(ys, n - 1, -1, -1);
  if (first < 0) return out;
  out.push({ x: xs[first]!, y: ys[first]! });
  const size = (last - first - 1) / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = first + 1 + Math.floor(b * size);
    const end = Math.min(last, first + 1 + Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const y = ys[i]!;
      if (!Number.isFinite(y)) continue;
      if (lo < 0 || y < ys[lo]!) lo = i;
      if (hi < 0 || y > ys[hi]!) hi = i;
    }
    if (lo < 0) continue;
    const [a, c] = lo <= hi ? [lo, hi] : [hi, lo];
    out.push({ x: xs[a]!, y: ys[a]! });
    if (c !== a) out.push({ x: xs[c]!, y: ys[c]! });
  }
  if (last !== first) out.push({ x: xs[last]!, y: ys[last]! });
  return out;
}

function firstFinite(ys: ArrayLike<number>, from: number, to: number, step: 1 | -1): number {
  for (let i = from; i !== to; i += step) if (Number.isFinite(ys[i]!)) return i;
  return -1;
}
