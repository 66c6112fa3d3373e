import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetSpec, type PresetName } from '#shared/mdm/spec';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import { exactEpsModel } from '#shared/mdm/tensor/exactModel';
import { psdFactor } from '#shared/mdm/linalg/decompose';
import {
  drawSamples,
  quadraticTimes,
  sampleEulerMaruyama,
} from '../../../src-main/backend/train/sample';

const data = { mu: 0.1, variance: 0.25 };

function moments(x: Float32Array): { mean: number; variance: number } {
  let s = 0;
  for (const v of x) s += v;
  const mean = s / x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  return { mean, variance: ss / (x.length - 1) };
}

describe('samplers (docs/science.md §7)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('has a quadratic grid from 1 to t_min and a PSD factor of singular D', () => {
    const times = quadraticTimes(4, 0.001);
    expect(times[0]).toBe(1);
    expect(times[4]).toBeCloseTo(0.001, 12);
    expect(times[3]! - times[4]!).toBeLessThan(times[0]! - times[1]!);
    const g = psdFactor([
      [0, 0],
      [0, 2],
    ]);
    expect(g).toEqual([
      [0, 0],
      [0, Math.SQRT2],
    ]);
  });

  // With the exact score of x ~ N(μ, s²), both samplers must give back μ and s² (n = 4000: stderr 0.008 and 0.006).
  for (const preset of ['vpsde', 'cld'] as PresetName[]) {
    for (const method of ['em', 'ode'] as const) {
      it(`${method} with the exact score of Gaussian data reproduces its mean and variance (${preset})`, async () => {
        const spec = presetSpec(preset);
        const diffusion = createTensorDiffusion(spec);
        const model = exactEpsModel(diffusion, data);
        const draw = (count: number) =>
          drawSamples(model, spec, {
            count,
            shape: [2, 2, 1],
            method,
            steps: method === 'em' ? 200 : 60,
            seed: 7,
          });
        await draw(1); // the first call creates tfjs's cached constants
        const before = tf.memory().numTensors;
        const x = await draw(1000);
        expect(tf.memory().numTensors).toBe(before);
        const m = moments(x);
        expect(Math.abs(m.mean - data.mu)).toBeLessThan(
          4 * Math.sqrt(data.variance / x.length) + 0.01,
        );
        expect(Math.abs(m.variance - data.variance)).toBeLessThan(
          4 * data.variance * Math.sqrt(2 / x.length) + 0.01,
        );
        diffusion.dispose();
      });
    }
  }

  it('reports each step of the trajectory and is reproducible from its seed', () => {
    const spec = presetSpec('cld');
    const diffusion = createTensorDiffusion(spec);
    const model = exactEpsModel(diffusion, data);
    const seen: number[] = [];
    const run = () => {
      const u0 = tf.randomNormal([3, 2, 2, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
      const u = sampleEulerMaruyama(model, spec, u0, quadraticTimes(5), {
        seed: 3,
        onStep: (s) => {
          seen.push(s.t);
          expect(s.u.shape).toEqual([3, 2, 2, 2]);
        },
      });
      const values = u.dataSync().slice();
      tf.dispose([u0, u]);
      return values;
    };
    const a = run();
    expect(seen).toHaveLength(5);
    expect(seen[4]).toBeCloseTo(1e-3, 12);
    expect(run()).toEqual(a);
    diffusion.dispose();
  });
});
