/** The x zoom of a chart as pure steps: a dragged selection, a wheel zoom around a point, a pan. */
import type { XRange } from './series';

/** The range between two x values dragged across, or null when it is too narrow to mean a zoom. */
export function selectedRange(a: number, b: number, minWidth: number): XRange | null {
  const min = Math.min(a, b);
  const max = Math.max(a, b);
  return max - min > minWidth ? { min, max } : null;
}

/** `range` scaled by `factor` (< 1 zooms in) keeping `at` where it is. */
export function zoomAround(range: XRange, at: number, factor: number): XRange {
  return { min: at - (at - range.min) * factor, max: at + (range.max - at) * factor };
}

/** `range` moved by `delta`. */
export function panBy(range: XRange, delta: number): XRange {
  return { min: range.min + delta, max: range.max + delta };
}
