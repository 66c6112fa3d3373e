/** Data transforms between dequantized pixels y ∈ [0,1) and model space x, with BPD accounting (docs/science.md §5). */
/** Maps from dequantized pixels to model space (docs/science.md §5). */
export const DATA_TRANSFORMS = ['logit', 'center'] as const;
export type DataTransformKind = (typeof DATA_TRANSFORMS)[number];

/** α of the logit transform x = logit(α + (1 − 2α) y) (docs/science.md §5). */
export const LOGIT_ALPHA = 0.05;

const LOG_SCALE = Math.log(1 - 2 * LOGIT_ALPHA);

/** docs/science.md §5: maps dequantized y ∈ [0,1) (batch of `n` examples of `d` values each, row-major) into model space in place of `out`; returns per-example log|det J| of y → x. */
export function toModelSpace(
  kind: DataTransformKind,
  y: Float32Array,
  d: number,
  out: Float32Array,
): Float64Array {
  if (d <= 0 || y.length % d !== 0)
    throw new Error(`toModelSpace: length ${y.length} is not a multiple of d = ${d}`);
  if (out.length !== y.length)
    throw new Error(`toModelSpace: out has length ${out.length}, expected ${y.length}`);
  const n = y.length / d;
  const ldj = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = i * d; j < (i + 1) * d; j++) {
      const yj = y[j] as number;
      if (kind === 'center') {
        out[j] = 2 * yj - 1;
        sum += Math.LN2;
      } else {
        const p = LOGIT_ALPHA + (1 - 2 * LOGIT_ALPHA) * yj;
        out[j] = Math.log(p) - Math.log1p(-p);
        sum += LOG_SCALE - Math.log(p) - Math.log1p(-p);
      }
    }
    ldj[i] = sum;
  }
  return ldj;
}

/** Inverse map x → y ∈ [0,1], then to 8-bit pixels (round(y*256 - 0.5) clamped to 0..255). */
export function toPixels(kind: DataTransformKind, x: Float32Array, out: Uint8Array): void {
  if (out.length !== x.length)
    throw new Error(`toPixels: out has length ${out.length}, expected ${x.length}`);
  for (let j = 0; j < x.length; j++) {
    const xj = x[j] as number;
    const y =
      kind === 'center'
        ? (xj + 1) / 2
        : (1 / (1 + Math.exp(-xj)) - LOGIT_ALPHA) / (1 - 2 * LOGIT_ALPHA);
    const pixel = Math.round(y * 256 - 0.5);
    out[j] = Number.isNaN(pixel) ? 0 : Math.min(255, Math.max(0, pixel));
  }
}

/** BPD = −(elbo + ldj)/(d ln 2) + 8 (docs/science.md §5). */
export function bitsPerDim(elboNats: number, ldj: number, d: number): number {
  return -(elboNats + ldj) / (d * Math.LN2) + 8;
}
