/** Float64 factorizations for small matrices: Cholesky, LU solves, triangular inverse, symmetric eigenvalues. */
import { fromFn, identity, matMul, transpose, type Matrix } from './matrix';

/** Cholesky–Banachiewicz factor L (L Lᵀ = a); a pivot ≤ tol either throws or leaves a zero column (PSD a). */
function choleskyFactor(a: Matrix, singular: 'throw' | 'zero-column'): Matrix {
  const n = a.length;
  const l = fromFn(n, n, () => 0);
  const tol =
    singular === 'throw' ? 0 : 1e-12 * Math.max(1, ...a.map((row, i) => Math.abs(row[i]!)));
  for (let j = 0; j < n; j++) {
    let pivot = a[j]![j]!;
    for (let k = 0; k < j; k++) pivot -= l[j]![k]! ** 2;
    if (!(pivot > tol)) {
      if (singular === 'zero-column') continue;
      throw new Error(`matrix is not positive definite (pivot ${j} is ${pivot})`);
    }
    const ljj = Math.sqrt(pivot);
    l[j]![j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = s / ljj;
    }
  }
  return l;
}

/** Lower-triangular L with L Lᵀ = a for a symmetric positive definite a; throws otherwise. */
export function cholesky(a: Matrix): Matrix {
  return choleskyFactor(a, 'throw');
}

/** Lower-triangular G with G Gᵀ = a for a symmetric PSD a; a zero pivot (a singular D such as CLD's) gives a zero column. */
export function psdFactor(a: Matrix): Matrix {
  return choleskyFactor(a, 'zero-column');
}

/** Inverse of a lower-triangular matrix by forward substitution. */
export function lowerInverse(l: Matrix): Matrix {
  const n = l.length;
  const inv = fromFn(n, n, () => 0);
  for (let j = 0; j < n; j++) {
    inv[j]![j] = 1 / l[j]![j]!;
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s += l[i]![k]! * inv[k]![j]!;
      inv[i]![j] = -s / l[i]![i]!;
    }
  }
  return inv;
}

/** Solves a X = b (b with any number of columns) by LU with partial pivoting. */
export function solve(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const m = a.map((row) => [...row]);
  const x = b.map((row) => [...row]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (m[p]![c] === 0) throw new Error('matrix is singular');
    [m[c], m[p]] = [m[p]!, m[c]!];
    [x[c], x[p]] = [x[p]!, x[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k < n; k++) m[r]![k]! -= f * m[c]![k]!;
      x[r] = x[r]!.map((v, k) => v - f * x[c]![k]!);
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    for (let k = r + 1; k < n; k++) x[r] = x[r]!.map((v, j) => v - m[r]![k]! * x[k]![j]!);
    x[r] = x[r]!.map((v) => v / m[r]![r]!);
  }
  return x;
}

export function inverse(a: Matrix): Matrix {
  return solve(a, identity(a.length));
}

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, ascending. */
export function symmetricEigenvalues(a: Matrix): number[] {
  const n = a.length;
  const m = a.map((row) => [...row]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (m[p]![q] === 0) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * m[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const rot = identity(n);
        rot[p]![p] = c;
        rot[q]![q] = c;
        rot[p]![q] = s;
        rot[q]![p] = -s;
        const next = matMul(matMul(transpose(rot), m), rot);
        for (let i = 0; i < n; i++) m[i] = next[i]!;
      }
    }
  }
  return m.map((row, i) => row[i]!).sort((x, y) => x - y);
}
