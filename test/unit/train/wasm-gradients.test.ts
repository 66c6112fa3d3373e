import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/backend/train/backend';
import { createMlp } from '../../../src-main/backend/train/nn/mlp';
import { UNET_SIZES, createUNet } from '../../../src-main/backend/train/nn/unet';
import {
  CONV_CASES,
  OP_CASES,
  inputGrads,
  paramGrads,
  randomizeWeights,
  versusCpu,
} from './gradient-cases';

const wasmVsCpu = (compute: () => tf.Tensor[]) => versusCpu('wasm', compute);

describe('wasm gradients match the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
  });

  it.each(CONV_CASES)('conv2d x$x f$f stride $stride pad $pad', async (c) => {
    const conv = (x: tf.Tensor, f: tf.Tensor) =>
      tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
    expect(await wasmVsCpu(inputGrads(7, [c.x, c.f], conv))).toBeLessThan(1e-4);
  });

  it.each(OP_CASES)('$name', async ({ shapes, f }) => {
    expect(await wasmVsCpu(inputGrads(5, shapes, f))).toBeLessThan(1e-4);
  });

  it('every parameter gradient of the tiny U-Net (with dropout and attention)', async () => {
    await tf.setBackend('cpu');
    const net = createUNet(
      { ...UNET_SIZES.tiny, dropout: 0.2 },
      { imageSize: 8, channels: 2, seed: 1 },
    );
    randomizeWeights(net, 2);
    const err = await wasmVsCpu(paramGrads(net, [2, 8, 8, 2]));
    tf.dispose(net.variables);
    expect(err).toBeLessThan(1e-4);
  });

  it('every parameter gradient of the toy MLP', async () => {
    await tf.setBackend('cpu');
    const net = createMlp({ channels: 4, seed: 1 });
    randomizeWeights(net, 2);
    const err = await wasmVsCpu(paramGrads(net, [5, 1, 1, 4]));
    tf.dispose(net.variables);
    expect(err).toBeLessThan(1e-4);
  });
});
