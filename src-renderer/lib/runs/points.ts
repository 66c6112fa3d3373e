/** 2-D sample points for the scatter and density views: the square view around the data, a 2-D histogram. */

export interface ViewBox {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Points [n, 2] (flattened) as chart.js {x, y} objects. */
export function toXY(points: ArrayLike<number>): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push({ x: points[i]!, y: points[i + 1]! });
  return out;
}

/** A step of 1, 2 or 5 × 10^k just above `span / 8`: about 8 ticks. */
function niceStep(span: number): number {
  const raw = span / 8;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}

/**
 * A square view (equal units on both axes, so shapes keep their proportions) around the finite
 * points of `points`, with a margin, its edges on tick steps; [−1, 1]² when there are none.
 */
export function viewBox(points: ArrayLike<number>, margin = 0.08): ViewBox {
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    [xMin, xMax, yMin, yMax] = [
      Math.min(xMin, x),
      Math.max(xMax, x),
      Math.min(yMin, y),
      Math.max(yMax, y),
    ];
  }
  if (xMin > xMax) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const half = (Math.max(xMax - xMin, yMax - yMin, 1e-6) / 2) * (1 + 2 * margin);
  const step = niceStep(2 * half);
  const around = (mid: number) => [
    Math.floor((mid - half) / step) * step,
    Math.ceil((mid + half) / step) * step,
  ];
  const [x0, x1] = around((xMin + xMax) / 2) as [number, number];
  const [y0, y1] = around((yMin + yMax) / 2) as [number, number];
  // Both spans equal: the wider one, the narrower axis widened about its own middle.
  const span = Math.max(x1 - x0, y1 - y0);
  const grow = (a: number, b: number) => {
    const extra = Math.round((span - (b - a)) / step / 2) * step;
    return [a - extra, a - extra + span] as const;
  };
  const [gx0, gx1] = grow(x0, x1);
  const [gy0, gy1] = grow(y0, y1);
  return { xMin: gx0, xMax: gx1, yMin: gy0, yMax: gy1 };
}

/** How many points lie outside `box` (drawn off the chart). */
export function outside(points: ArrayLike<number>, box: ViewBox): number {
  let n = 0;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    if (!(x >= box.xMin && x <= box.xMax && y >= box.yMin && y <= box.yMax)) n++;
  }
  return n;
}

/** Counts of points in `bins` × `bins` cells over `box`, row 0 at the bottom (yMin); points outside are left out. */
export function histogram2d(
  points: ArrayLike<number>,
  box: ViewBox,
  bins: number,
): { counts: Float64Array; max: number } {
  const counts = new Float64Array(bins * bins);
  const sx = bins / (box.xMax - box.xMin);
  const sy = bins / (box.yMax - box.yMin);
  let max = 0;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const col = Math.floor((points[i]! - box.xMin) * sx);
    const row = Math.floor((points[i + 1]! - box.yMin) * sy);
    // The top and right edges belong to the last cell.
    const c = col === bins && points[i] === box.xMax ? bins - 1 : col;
    const r = row === bins && points[i + 1] === box.yMax ? bins - 1 : row;
    if (c < 0 || c >= bins || r < 0 || r >= bins) continue;
    max = Math.max(max, ++counts[r * bins + c]!);
  }
  return { counts, max };
}
