import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { transitionKernel } from '#shared/mdm/kernels';
import { cholesky, lowerInverse } from '#shared/mdm/linalg/decompose';
import { maxAbsDiff } from '#shared/mdm/linalg/matrix';
import { learnedSpec, presetSpec, randomLearnedParams } from '#shared/mdm/spec';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import { fixtureCases } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function at(t: tf.Tensor3D, i: number): number[][] {
  return (t.arraySync() as number[][][])[i]!;
}

describe('tfjs float32 transition kernels (docs/science.md §3)', () => {
  it('match every fixture to 1e-5, batched over t', () => {
    for (const preset of ['vpsde', 'cld', 'alda', 'malda'] as const) {
      const diffusion = createTensorDiffusion(presetSpec(preset));
      for (const kind of ['full', 'hybrid'] as const) {
        const cases = fixtureCases.filter((c) => c.preset === preset && c.kind === kind);
        const kernel = diffusion.kernel(tf.tensor1d(cases.map((c) => c.t)), kind);
        cases.forEach((c, i) => {
          expect(maxAbsDiff(at(kernel.phi, i), c.phi)).toBeLessThan(1e-5);
          expect(maxAbsDiff(at(kernel.sigma, i), c.sigma)).toBeLessThan(1e-5);
        });
      }
      diffusion.dispose();
    }
  });

  it('match the float64 kernels, Cholesky factors and inverses relative to scale, at small and large t', () => {
    const specs = [
      presetSpec('alda'),
      presetSpec('malda', { k: 5 }),
      learnedSpec(randomLearnedParams(3, 4, true)),
    ];
    const times = [1e-3, 0.01, 0.3, 1];
    for (const spec of specs) {
      const diffusion = createTensorDiffusion(spec);
      const kernel = diffusion.kernel(tf.tensor1d(times), 'hybrid');
      times.forEach((t, i) => {
        const ref = transitionKernel(spec, t, 'hybrid');
        const refChol = cholesky(ref.sigma);
        expect(maxAbsDiff(at(kernel.phi, i), ref.phi)).toBeLessThan(1e-5);
        expect(maxAbsDiff(at(kernel.sigma, i), ref.sigma)).toBeLessThan(1e-5);
        const cholInv = at(kernel.cholInv, i);
        const refInv = lowerInverse(refChol);
        const scale = Math.max(...refInv.flat().map(Math.abs));
        expect(maxAbsDiff(cholInv, refInv) / scale).toBeLessThan(1e-3);
      });
      diffusion.dispose();
    }
  });
});

describe('TensorDiffusion', () => {
  it('learned specs hold variables and round-trip through toSpec; drift and GGᵀ follow β(t)', () => {
    const spec = learnedSpec(randomLearnedParams(3, 9, true));
    const diffusion = createTensorDiffusion(spec);
    expect(diffusion.trainableVariables()).toHaveLength(2);
    const back = diffusion.toSpec();
    expect(maxAbsDiff(back.q, spec.q)).toBeLessThan(1e-6);
    expect(maxAbsDiff(back.d, spec.d)).toBeLessThan(1e-6);
    expect(back.learned && 'b' in back.learned).toBe(true);
    const t = tf.tensor1d([0, 0.5]);
    const drift = at(diffusion.drift(t), 1);
    const gg = at(diffusion.noiseCovariance(t), 1);
    const b = 0.1 + 9.9 * 0.5;
    expect(
      maxAbsDiff(
        drift,
        spec.q.map((row, i) => row.map((v, j) => -b * (v + spec.d[i]![j]!))),
      ),
    ).toBeLessThan(1e-5);
    expect(
      maxAbsDiff(
        gg,
        spec.d.map((row) => row.map((v) => 2 * b * v)),
      ),
    ).toBeLessThan(1e-5);
    expect(createTensorDiffusion(presetSpec('cld')).trainableVariables()).toEqual([]);
    diffusion.dispose();
  });
});
