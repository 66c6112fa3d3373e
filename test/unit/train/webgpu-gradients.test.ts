import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/backend/train/backend';
import {
  CONV_CASES,
  ELBO_CASES,
  OP_CASES,
  elboStepGrads,
  inputGrads,
  paramGrads,
  NET_CASES,
  versusCpu,
} from './gradient-cases';
import { hasWebgpu } from './webgpu-adapter';

/** Issue #10's bound: webgpu matches cpu in float32. */
const TOLERANCE = 1e-5;
const errors: Record<string, number> = {};

async function check(name: string, compute: () => tf.Tensor[]): Promise<void> {
  const err = await versusCpu('webgpu', compute);
  errors[name] = err;
  expect(err, name).toBeLessThan(TOLERANCE);
}

describe.skipIf(!hasWebgpu)('webgpu gradients match the cpu backend (float32)', () => {
  beforeAll(async () => {
    await selectBackend({ prefer: 'webgpu' });
    return () => console.info(`webgpu vs cpu, max relative error: ${JSON.stringify(errors)}`);
  });

  it.each(CONV_CASES)('conv2d x$x f$f stride $stride pad $pad', async (c) => {
    const conv = (x: tf.Tensor, f: tf.Tensor) =>
      tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
    await check(`conv2d ${c.x}/${c.f}/${c.stride}/${c.pad}`, inputGrads(7, [c.x, c.f], conv));
  });

  it.each(OP_CASES)('$name', async ({ name, shapes, f }) => {
    await check(name, inputGrads(5, shapes, f));
  });

  it.each(NET_CASES)('every parameter gradient: $name', async ({ name, build, shape }) => {
    await tf.setBackend('cpu');
    const net = build();
    try {
      await check(name, paramGrads(net, shape));
    } finally {
      tf.dispose(net.variables);
    }
  });

  it.each(ELBO_CASES)('the full ELBO training step, $name', async ({ name, choice }) => {
    await tf.setBackend('cpu');
    const step = elboStepGrads(choice);
    try {
      await check(`ELBO step ${name}`, step.compute);
    } finally {
      step.dispose();
    }
  });
});
