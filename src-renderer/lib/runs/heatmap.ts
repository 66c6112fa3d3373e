/** The diverging colour scale for Q and D heatmaps: blue below zero, white-ish at zero, red above. */

export type Rgb = [number, number, number];

/** RdBu end and middle colours (ColorBrewer), light and dark themes. */
const NEGATIVE: Rgb = [33, 102, 172];
const POSITIVE: Rgb = [178, 24, 43];
const MIDDLE_LIGHT: Rgb = [247, 247, 247];
const MIDDLE_DARK: Rgb = [42, 45, 53];

/** The symmetric bound |v|max of the matrices (so 0 maps to the middle colour); 1 when all are zero. */
export function symmetricBound(matrices: readonly (readonly (readonly number[])[])[]): number {
  let bound = 0;
  for (const m of matrices)
    for (const row of m)
      for (const v of row) {
        if (Number.isFinite(v)) bound = Math.max(bound, Math.abs(v));
      }
  return bound > 0 ? bound : 1;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as Rgb;
}

/** The colour of v on a scale from −bound to +bound; values outside clamp to the ends; NaN is grey. */
export function divergingColor(v: number, bound: number, dark = false): Rgb {
  if (!Number.isFinite(v) || !(bound > 0)) return [128, 128, 128];
  const t = Math.max(-1, Math.min(1, v / bound));
  const middle = dark ? MIDDLE_DARK : MIDDLE_LIGHT;
  return t < 0 ? mix(middle, NEGATIVE, -t) : mix(middle, POSITIVE, t);
}

export function rgbCss([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/** Black or white text, whichever reads better on the cell (WCAG relative luminance). */
export function textColorOn([r, g, b]: Rgb): '#000' | '#fff' {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return luminance > 0.35 ? '#000' : '#fff';
}

/** A matrix entry in a cell: three significant digits, exponent form when tiny or huge. */
export function formatCell(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.01) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
