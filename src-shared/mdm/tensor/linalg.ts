/** Batched small K×K linear algebra from tfjs-core ops, unrolled over K so autograd flows through (docs/science.md §3–4). */
import * as tf from '@tensorflow/tfjs-core';

/** The entries of a batch [T, N, M] as an N×M grid of [T] vectors (one transpose, then contiguous slices). */
function toEntries(a: tf.Tensor3D): tf.Tensor1D[][] {
  const [, n, m] = a.shape;
  const flat = tf.reshape(tf.transpose(a, [1, 2, 0]), [n * m, -1]) as tf.Tensor2D;
  const row = (r: number): tf.Tensor1D => tf.reshape(tf.slice(flat, [r, 0], [1, -1]), [-1]);
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => row(i * m + j)));
}

/** [T, K, K] from a K×K grid of [T] vectors (null for zeros). */
function fromEntries(grid: (tf.Tensor1D | null)[][], zero: tf.Tensor1D): tf.Tensor3D {
  return tf.stack(
    grid.map((row) =>
      tf.stack(
        row.map((x) => x ?? zero),
        1,
      ),
    ),
    1,
  ) as tf.Tensor3D;
}

function emptyGrid(k: number): (tf.Tensor1D | null)[][] {
  return Array.from({ length: k }, () => Array<tf.Tensor1D | null>(k).fill(null));
}

/** Lower-triangular L with a = L Lᵀ for each matrix of a batch (Cholesky–Banachiewicz). */
export function batchCholesky(a: tf.Tensor3D): tf.Tensor3D {
  const k = a.shape[1];
  const entries = toEntries(a);
  const l = emptyGrid(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = entries[i]![j]!;
      for (let m = 0; m < j; m++) s = tf.sub<tf.Tensor1D>(s, tf.mul(l[i]![m]!, l[j]![m]!));
      l[i]![j] = i === j ? tf.sqrt(s) : tf.div<tf.Tensor1D>(s, l[j]![j]!);
    }
  }
  return fromEntries(l, tf.zerosLike(entries[0]![0]!));
}

/** Cholesky factor of L Lᵀ + Σ_j v_j v_jᵀ for the columns v_j of `v` [T, K, J], by Givens rotations. */
export function batchCholeskyUpdate(l: tf.Tensor3D, v: tf.Tensor3D): tf.Tensor3D {
  // Rotations are orthogonal, so this keeps float32 accuracy where forming L Lᵀ + v vᵀ and re-factoring cancels
  // (e.g. the hybrid Σ_t of alda at t_min, whose x and v1 are correlated to within 1e-10).
  const k = l.shape[1];
  const grid: tf.Tensor1D[][] = toEntries(l);
  const vEntries = toEntries(tf.transpose(v, [0, 2, 1]) as tf.Tensor3D);
  for (let j = 0; j < v.shape[2]; j++) {
    const col = [...vEntries[j]!];
    for (let c = 0; c < k; c++) {
      const lcc = grid[c]![c]!;
      const vc = col[c]!;
      const r = tf.sqrt(tf.add<tf.Tensor1D>(tf.square(lcc), tf.square(vc)));
      const cos = tf.div<tf.Tensor1D>(lcc, r);
      const sin = tf.div<tf.Tensor1D>(vc, r);
      grid[c]![c] = r;
      for (let i = c + 1; i < k; i++) {
        const lic = grid[i]![c]!;
        const vi = col[i]!;
        grid[i]![c] = tf.add<tf.Tensor1D>(tf.mul(lic, cos), tf.mul(vi, sin));
        col[i] = tf.sub<tf.Tensor1D>(tf.mul(vi, cos), tf.mul(lic, sin));
      }
    }
  }
  return fromEntries(grid, tf.zerosLike(grid[0]![0]!));
}

/** Inverse of each lower-triangular matrix of a batch by forward substitution. */
export function batchLowerInverse(l: tf.Tensor3D): tf.Tensor3D {
  const k = l.shape[1];
  const e = toEntries(l);
  const inv = emptyGrid(k);
  for (let j = 0; j < k; j++) {
    inv[j]![j] = tf.reciprocal(e[j]![j]!);
    for (let i = j + 1; i < k; i++) {
      let s = tf.mul(e[i]![j]!, inv[j]![j]!);
      for (let m = j + 1; m < i; m++) s = tf.add<tf.Tensor1D>(s, tf.mul(e[i]![m]!, inv[m]![j]!));
      inv[i]![j] = tf.div<tf.Tensor1D>(tf.neg(s), e[i]![i]!);
    }
  }
  return fromEntries(inv, tf.zerosLike(e[0]![0]!));
}

/** Trace of each matrix of a batch. */
export function batchTrace(a: tf.Tensor3D): tf.Tensor1D {
  return tf.sum(tf.mul(a, tf.eye(a.shape[1])), [1, 2]);
}

/** a · b · aᵀ for each pair of a batch. */
export function batchCongruence(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return tf.matMul(tf.matMul(a, b), a, false, true);
}

/** A [K, K] matrix repeated over a batch of `n`. */
export function batchOf(a: tf.Tensor2D, n: number): tf.Tensor3D {
  return tf.tile(tf.expandDims(a, 0), [n, 1, 1]) as tf.Tensor3D;
}
