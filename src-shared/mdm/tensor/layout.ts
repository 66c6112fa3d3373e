/** Images of all K variables as channels [B, H, W, K·C], variable-major (docs/science.md §1), and their per-coordinate K-vectors. */
import * as tf from '@tensorflow/tfjs-core';

/** [B, H, W, K·C] → [B, d, K] with d = H·W·C: row p holds the K variables of data coordinate p. */
export function toVectors(u: tf.Tensor4D, k: number): tf.Tensor3D {
  const [b, h, w, kc] = u.shape;
  const c = kc / k;
  return tf.reshape(tf.transpose(tf.reshape(u, [b, h, w, k, c]), [0, 1, 2, 4, 3]), [
    b,
    h * w * c,
    k,
  ]);
}

/** Inverse of toVectors for images of shape [B, H, W, C] per variable. */
export function fromVectors(
  v: tf.Tensor3D,
  shape: readonly [number, number, number, number],
): tf.Tensor4D {
  const [b, h, w, c] = shape;
  const k = v.shape[2];
  return tf.reshape(tf.transpose(tf.reshape(v, [b, h, w, c, k]), [0, 1, 2, 4, 3]), [
    b,
    h,
    w,
    k * c,
  ]);
}
