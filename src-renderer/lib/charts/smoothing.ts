/** EMA smoothing of metric curves, as TensorBoard and W&B draw it (docs/architecture.md §7). */

/**
 * Debiased exponential moving average: s_i = w·s_{i−1} + (1 − w)·y_i, divided by 1 − wⁿ so the
 * start is not pulled towards 0. Non-finite values pass through as NaN and do not disturb the
 * average; weight 0 returns a copy.
 */
export function emaSmooth(ys: ArrayLike<number>, weight: number): Float64Array {
  const w = Math.min(Math.max(Number.isFinite(weight) ? weight : 0, 0), 0.999999);
  const out = new Float64Array(ys.length);
  let acc = 0;
  let debias = 1;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i]!;
    if (!Number.isFinite(y)) {
      out[i] = Number.NaN;
      continue;
    }
    acc = w * acc + (1 - w) * y;
    debias *= w;
    out[i] = acc / (1 - debias);
  }
  return out;
}
