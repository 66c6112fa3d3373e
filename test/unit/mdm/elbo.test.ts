import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { learnedSpec, presetSpec, randomLearnedParams, type LearnedParams } from '#shared/mdm/spec';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import { createElboFn, termsToBitsPerDim, type EpsModel } from '#shared/mdm/tensor/elbo';
import { fromVectors, toVectors } from '#shared/mdm/tensor/layout';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A fixed ε-model that mixes the variables, so the ELBO depends on the diffusion through u_t and M_t. */
const linearModel: EpsModel = (u) => tf.mul(u, 0.7) as tf.Tensor4D;
const batch = tf.tensor4d(
  Array.from({ length: 64 * 4 }, (_, i) => Math.sin(i)),
  [64, 2, 2, 1],
);

/** Mean ELBO over the batch for learned parameters `params`, with fixed randomness. */
function meanElbo(params: LearnedParams): number {
  const diffusion = createTensorDiffusion(learnedSpec(params));
  const elbo = createElboFn(diffusion, { tSampling: 'importance', withOffset: true, seed: 3 });
  const value = tf.tidy(() => tf.mean(elbo(batch, linearModel).total).dataSync()[0]!);
  diffusion.dispose();
  return value;
}

describe('ELBO (docs/science.md §4)', () => {
  it('returns every term per example; total is their sum; bits per dim are −nats/(d ln 2)', () => {
    const diffusion = createTensorDiffusion(presetSpec('cld'));
    const terms = createElboFn(diffusion, { tSampling: 'uniform', withOffset: true, seed: 1 })(
      batch,
      linearModel,
    );
    for (const term of [
      terms.prior,
      terms.diffusion,
      terms.auxEntropy,
      terms.offset!,
      terms.total,
    ]) {
      expect(term.shape).toEqual([64]);
    }
    const sum = tf.addN([terms.prior, terms.diffusion, terms.auxEntropy, terms.offset!]);
    expect(tf.max(tf.abs(tf.sub(sum, terms.total))).dataSync()[0]).toBeLessThan(1e-3);
    const bpd = termsToBitsPerDim(terms, 4);
    expect(bpd.total!.dataSync()[0]).toBeCloseTo(-terms.total.dataSync()[0]! / (4 * Math.LN2), 4);
    const training = createElboFn(diffusion, { tSampling: 'importance', seed: 1 })(
      batch,
      linearModel,
    );
    expect(training.offset).toBeNull();
  });

  it('variable-major channel layout round-trips (variable k in channels k·C … (k+1)·C − 1)', () => {
    const u = tf.tensor4d(
      Array.from({ length: 2 * 6 }, (_, i) => i),
      [2, 1, 1, 6],
    );
    const v = toVectors(u, 3);
    expect(v.arraySync()).toEqual([
      [
        [0, 2, 4],
        [1, 3, 5],
      ],
      [
        [6, 8, 10],
        [7, 9, 11],
      ],
    ]);
    expect(fromVectors(v, [2, 1, 1, 2]).arraySync()).toEqual(u.arraySync());
  });

  it.each([
    ['diagonal D', randomLearnedParams(3, 21)],
    ['full D = B Bᵀ', randomLearnedParams(3, 22, true)],
  ])('gradients with respect to learned q and %s match central finite differences', (_, params) => {
    const diffusion = createTensorDiffusion(learnedSpec(params));
    const elbo = createElboFn(diffusion, { tSampling: 'importance', withOffset: true, seed: 3 });
    const { grads } = tf.variableGrads(
      () => tf.mean(elbo(batch, linearModel).total) as tf.Scalar,
      diffusion.trainableVariables(),
    );
    const [qVar, dVar] = diffusion.trainableVariables();
    const qGrad = grads[qVar!.name]!.arraySync() as number[][];
    const dGrad = grads[dVar!.name]!.arraySync() as number[] | number[][];
    diffusion.dispose();

    const h = 1e-2;
    const fd = (perturb: (p: LearnedParams, s: number) => LearnedParams): number =>
      (meanElbo(perturb(params, h)) - meanElbo(perturb(params, -h))) / (2 * h);
    const bump = (m: number[][], i: number, j: number, s: number): number[][] =>
      m.map((row, r) => row.map((v, c) => (r === i && c === j ? v + s : v)));
    const checks: [number, number][] = [
      [qGrad[1]![0]!, fd((p, s) => ({ ...p, q: bump(p.q, 1, 0, s) }))],
      [qGrad[2]![1]!, fd((p, s) => ({ ...p, q: bump(p.q, 2, 1, s) }))],
    ];
    if ('d' in params) {
      const g = dGrad as number[];
      for (const i of [0, 2]) {
        checks.push([
          g[i]!,
          fd((p, s) => ({
            ...p,
            d: (p as { d: number[] }).d.map((v, j) => (j === i ? v + s : v)),
          })),
        ]);
      }
    } else {
      const g = dGrad as number[][];
      checks.push([
        g[2]![2]!,
        fd((p, s) => ({ ...p, b: bump((p as { b: number[][] }).b, 2, 2, s) })),
      ]);
      checks.push([
        g[1]![0]!,
        fd((p, s) => ({ ...p, b: bump((p as { b: number[][] }).b, 1, 0, s) })),
      ]);
    }
    for (const [analytic, numeric] of checks) {
      expect(Math.abs(analytic - numeric)).toBeLessThan(0.02 * Math.max(1, Math.abs(numeric)));
    }
  });
});
