import * as tf from '@tensorflow/tfjs-core';
import './gradients';

/**
 * Gradients of a batch-mean loss computed over micro-batches and summed with weights size/B. tfjs
 * keeps every forward and backward intermediate until a gradient call returns, so peak memory
 * follows the micro-batch, not the batch (wasm's heap ends at 4 GiB). Exact whenever the loss is a
 * mean of per-example terms, as the U-Net's is (GroupNorm uses no batch statistics).
 * `loss(start, size)` returns the mean loss over examples [start, start + size).
 */
export function microBatchGrads(
  batchSize: number,
  microBatch: number,
  loss: (start: number, size: number) => tf.Scalar,
  variables: tf.Variable[],
): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  let value = tf.scalar(0);
  const grads: tf.NamedTensorMap = {};
  for (let start = 0; start < batchSize; start += microBatch) {
    const size = Math.min(microBatch, batchSize - start);
    const weight = size / batchSize;
    const part = tf.variableGrads(() => tf.mul(loss(start, size), weight) as tf.Scalar, variables);
    const previous = value;
    value = tf.add(previous, part.value);
    tf.dispose([previous, part.value]);
    for (const [name, g] of Object.entries(part.grads)) {
      const sum = grads[name];
      grads[name] = sum ? tf.add(sum, g) : g;
      if (sum) tf.dispose([sum, g]);
    }
  }
  return { value, grads };
}
