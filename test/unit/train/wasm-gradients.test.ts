import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/backend/train/backend';
import * as cases from './gradient-cases';

const wasmVsCpu = (compute: () => tf.Tensor[]) => cases.versusCpu('wasm', compute);

describe('wasm gradients match the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
  });

  it.each(cases.CONV_CASES)('conv2d x$x f$f stride $stride pad $pad', async (c) => {
    const conv = (x: tf.Tensor, f: tf.Tensor) =>
      tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
    expect(await wasmVsCpu(cases.inputGrads(7, [c.x, c.f], conv))).toBeLessThan(1e-4);
  });

  it.each(cases.OP_CASES)('$name', async ({ shapes, f }) => {
    expect(await wasmVsCpu(cases.inputGrads(5, shapes, f))).toBeLessThan(1e-4);
  });

  it.each(cases.NET_CASES)('every parameter gradient: $name', async ({ build, shape }) => {
    await tf.setBackend('cpu');
    const net = build();
    const err = await wasmVsCpu(cases.paramGrads(net, shape));
    tf.dispose(net.variables);
    expect(err).toBeLessThan(1e-4);
  });
});
