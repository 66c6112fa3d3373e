/** 2-D sample points as CSV text. */

/** The shortest decimal that reads back as the same float32 (so a CSV holds exactly the NPY's values). */
export function float32Text(value: number): string {
  const target = Math.fround(value);
  if (!Number.isFinite(target)) return String(target);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(target.toPrecision(digits)));
    if (Math.fround(Number(text)) === target) return text;
  }
  return String(Number(target.toPrecision(9)));
}

/** Points [n, 2] as `x,y` rows under a header line. */
export function pointsCsv(points: Float32Array): string {
  const rows = ['x,y'];
  for (let i = 0; i + 1 < points.length; i += 2) {
    rows.push(`${float32Text(points[i]!)},${float32Text(points[i + 1]!)}`);
  }
  return `${rows.join('\n')}\n`;
}
