import type { Matrix } from '#shared/mdm/linalg/matrix';

/** A matrix as aligned rows of fixed-precision numbers, indented under a title. */
export function formatMatrix(title: string, m: Matrix, digits = 8): string {
  const cells = m.map((row) => row.map((x) => x.toFixed(digits)));
  const width = Math.max(...cells.flat().map((c) => c.length));
  return [title, ...cells.map((row) => `  ${row.map((c) => c.padStart(width)).join('  ')}`)].join(
    '\n',
  );
}

/** Rows of label/value pairs, labels padded to one width. */
export function formatPairs(pairs: [string, string][]): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}
