import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedElbo } from '#shared/mdm/expectedElbo';
import { gaussianLogDensity } from '#shared/mdm/gaussianData';
import { learnedSpec, presetSpec, randomLearnedParams, type DiffusionSpec } from '#shared/mdm/spec';
import { verifyExactScore } from '#shared/mdm/tensor/verify';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = { mu: 0.1, variance: 0.25 };
const x = 0.3;
const cases: [DiffusionSpec, number][] = [
  [presetSpec('vpsde'), 0.005],
  [presetSpec('cld'), 0.005],
  [presetSpec('malda'), 0.005],
  [presetSpec('alda'), 0.02],
  [learnedSpec(randomLearnedParams(3, 11)), 0.005],
];

describe('exact-score check (docs/science.md §4)', () => {
  it.each(cases.map(([spec, bound]) => [spec.name, spec, bound] as const))(
    '%s: closed-form E[ELBO] is below log p(x) by a small, non-negative gap',
    (_, spec, bound) => {
      const gap = gaussianLogDensity(x, data) - expectedElbo(spec, x, data).total;
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThan(bound);
    },
  );

  it('the quadrature over log t has converged', () => {
    const spec = presetSpec('malda');
    const coarse = expectedElbo(spec, x, data, { panels: 24 }).total;
    const fine = expectedElbo(spec, x, data, { panels: 96 }).total;
    expect(Math.abs(coarse - fine)).toBeLessThan(1e-7);
  });

  it.each(cases.map(([spec]) => [spec.name, spec] as const))(
    '%s: the tfjs Monte Carlo ELBO (training code path, N = 20000) agrees with the closed form within 4 standard errors',
    (_, spec) => {
      const report = verifyExactScore(spec, { x, data, samples: 20000, seed: 5 });
      expect(Math.abs(report.elboMc - report.elboExpected)).toBeLessThan(4 * report.elboMcStderr);
      for (const term of Object.values(report.terms)) {
        expect(Math.abs(term.mc - term.expected)).toBeLessThanOrEqual(4 * term.stderr + 1e-5);
      }
      expect(report.gap).toBeCloseTo(report.logPx - report.elboExpected, 12);
    },
  );
});
