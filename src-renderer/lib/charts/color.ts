/** Colour helpers for theme-aware charts (colours come from CSS variables, see LineChart.svelte). */

/** The same colour with opacity `alpha`; hex (#rgb, #rrggbb) and rgb()/rgba() are understood, anything else is returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((h) => h + h).join('') : hex;
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(c);
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return c;
}

/** Number of palette slots styles.css defines as --series-0 … --series-7 (light and dark). */
export const PALETTE_SIZE = 8;

/** The CSS variable of a palette slot, wrapping around. */
export function paletteVar(slot: number): string {
  return `--series-${((slot % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE}`;
}
