import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/backend/train/backend';

describe('multi-threaded wasm in Node', () => {
  it('runs XNNPACK on 2 threads and computes the same convolution gradients as cpu', async () => {
    const { available } = await selectBackend({ prefer: 'wasm', wasmThreads: 2 });
    expect(available.find((s) => s.name === 'wasm')?.reason).toMatch(/2 thread/);
    const grads = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([2, 9, 9, 8], 0, 1, 'float32', 1);
        const f = tf.randomNormal([3, 3, 8, 16], 0, 1, 'float32', 2);
        const dy = tf.randomNormal([2, 5, 5, 16], 0, 1, 'float32', 3);
        const conv = (a: tf.Tensor, b: tf.Tensor) =>
          tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same');
        return tf.concat(
          tf
            .grads(conv)([x, f], dy)
            .map((g) => tf.reshape(g, [-1])),
        );
      });
    const wasm = grads().dataSync();
    await tf.setBackend('cpu');
    const cpu = grads().dataSync();
    const scale = Math.max(...cpu.map(Math.abs));
    expect(Math.max(...wasm.map((v, i) => Math.abs(v - (cpu[i] as number)))) / scale).toBeLessThan(
      1e-4,
    );
  });
});
