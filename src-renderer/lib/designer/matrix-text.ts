/** Text matrices behind the Q and D editors: what the user typed stays as typed, partners mirror it. */
import type { Matrix } from '#shared/mdm/linalg/matrix';

export type TextMatrix = string[][];

/** A typed entry as a number: NaN when empty or not a number; the Unicode minus is accepted. */
export function parseEntry(text: string): number {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') return Number.NaN;
  return Number(t);
}

/** A number as an editor shows it: up to 6 significant digits, no trailing noise, never "-0". */
export function formatEntry(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(6)));
}

/** −text, keeping the user's spelling ("1e-3" → "-1e-3"); '' when the text is not a number yet. */
export function negateText(text: string): string {
  const t = text.trim().replace(/\u2212/g, '-');
  const x = parseEntry(t);
  if (Number.isNaN(x)) return '';
  if (x === 0) return '0';
  if (t.startsWith('-')) return t.slice(1);
  return '-' + t.replace(/^\+/, '');
}

function copy(m: TextMatrix): TextMatrix {
  return m.map((row) => [...row]);
}

/** Q editing: entry (i, j) takes `text`, its partner (j, i) the negation; the diagonal stays 0. */
export function setSkewEntry(q: TextMatrix, i: number, j: number, text: string): TextMatrix {
  if (i === j) return q;
  const next = copy(q);
  next[i]![j] = text;
  next[j]![i] = negateText(text);
  return next;
}

/** D editing: entry (i, j) and its partner (j, i) take the same text. */
export function setSymmetricEntry(d: TextMatrix, i: number, j: number, text: string): TextMatrix {
  const next = copy(d);
  next[i]![j] = text;
  next[j]![i] = text;
  return next;
}

/** The K×K text matrix keeping the top-left block; new cells get `diagonal` or `offDiagonal`. */
export function resizeText(
  m: TextMatrix,
  k: number,
  diagonal: string,
  offDiagonal = '0',
): TextMatrix {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => m[i]?.[j] ?? (i === j ? diagonal : offDiagonal)),
  );
}

export function textFromMatrix(m: Matrix): TextMatrix {
  return m.map((row) => row.map(formatEntry));
}

export function matrixFromText(m: TextMatrix): Matrix {
  return m.map((row) => row.map(parseEntry));
}

/** True when every off-diagonal entry reads as 0 (the D editor may then show the diagonal only). */
export function isDiagonalText(m: TextMatrix): boolean {
  return m.every((row, i) => row.every((x, j) => i === j || parseEntry(x) === 0));
}

/** D restricted to its diagonal. */
export function keepDiagonal(m: TextMatrix): TextMatrix {
  return m.map((row, i) => row.map((x, j) => (i === j ? x : '0')));
}
