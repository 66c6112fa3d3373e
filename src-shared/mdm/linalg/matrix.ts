/** Small dense float64 matrices as arrays of rows (docs/science.md §3: every operator is K×K). */
export type Matrix = number[][];

/** The n×m matrix with entries f(i, j). */
export function fromFn(n: number, m: number, f: (i: number, j: number) => number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => f(i, j)));
}

export function zeros(n: number, m = n): Matrix {
  return fromFn(n, m, () => 0);
}

export function identity(n: number): Matrix {
  return fromFn(n, n, (i, j) => (i === j ? 1 : 0));
}

export function diag(values: readonly number[]): Matrix {
  return fromFn(values.length, values.length, (i, j) => (i === j ? values[i]! : 0));
}

export function rows(a: Matrix): number {
  return a.length;
}

export function cols(a: Matrix): number {
  return a[0]?.length ?? 0;
}

export function transpose(a: Matrix): Matrix {
  return fromFn(cols(a), rows(a), (i, j) => a[j]![i]!);
}

export function add(a: Matrix, b: Matrix): Matrix {
  return fromFn(rows(a), cols(a), (i, j) => a[i]![j]! + b[i]![j]!);
}

export function sub(a: Matrix, b: Matrix): Matrix {
  return fromFn(rows(a), cols(a), (i, j) => a[i]![j]! - b[i]![j]!);
}

export function scale(a: Matrix, s: number): Matrix {
  return fromFn(rows(a), cols(a), (i, j) => s * a[i]![j]!);
}

export function matMul(a: Matrix, b: Matrix): Matrix {
  const inner = cols(a);
  return fromFn(rows(a), cols(b), (i, j) => {
    let sum = 0;
    for (let k = 0; k < inner; k++) sum += a[i]![k]! * b[k]![j]!;
    return sum;
  });
}

/** a · b · aᵀ, the congruence every covariance propagation uses. */
export function congruence(a: Matrix, b: Matrix): Matrix {
  return matMul(matMul(a, b), transpose(a));
}

export function matVec(a: Matrix, v: readonly number[]): number[] {
  return a.map((row) => row.reduce((sum, x, j) => sum + x * v[j]!, 0));
}

export function dot(u: readonly number[], v: readonly number[]): number {
  return u.reduce((sum, x, i) => sum + x * v[i]!, 0);
}

export function trace(a: Matrix): number {
  return a.reduce((sum, row, i) => sum + row[i]!, 0);
}

/** The block a[r0..r0+n) × [c0..c0+m). */
export function block(a: Matrix, r0: number, c0: number, n: number, m: number): Matrix {
  return fromFn(n, m, (i, j) => a[r0 + i]![c0 + j]!);
}

/** [[a, b], [c, d]] from four blocks with matching sizes. */
export function fromBlocks(a: Matrix, b: Matrix, c: Matrix, d: Matrix): Matrix {
  return [...a.map((row, i) => [...row, ...b[i]!]), ...c.map((row, i) => [...row, ...d[i]!])];
}

/** Max-column-sum norm ‖a‖₁. */
export function norm1(a: Matrix): number {
  let best = 0;
  for (let j = 0; j < cols(a); j++)
    best = Math.max(
      best,
      a.reduce((s, row) => s + Math.abs(row[j]!), 0),
    );
  return best;
}

/** Largest absolute entry of a − b. */
export function maxAbsDiff(a: Matrix, b: Matrix): number {
  return Math.max(0, ...a.flatMap((row, i) => row.map((x, j) => Math.abs(x - b[i]![j]!))));
}
