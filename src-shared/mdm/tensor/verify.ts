/** The exact-score check of docs/science.md §4: Monte Carlo ELBO through the training code path vs its closed-form expectation vs log p(x). */
import type { TSampling } from '../schedule';
import * as tf from '@tensorflow/tfjs-core';
import { expectedElbo, type ElboBreakdown } from '../expectedElbo';
import { gaussianLogDensity, type GaussianData } from '../gaussianData';
import type { DiffusionSpec } from '../spec';
import { createTensorDiffusion } from './diffusion';
import { createElboFn } from './elbo';
import { exactEpsModel } from './exactModel';

export interface VerifyOptions {
  x: number;
  data: GaussianData;
  samples: number;
  seed: number;
  tSampling?: TSampling;
}

export interface TermCheck {
  mc: number;
  stderr: number;
  expected: number;
}

export interface VerifyReport {
  k: number;
  elboMc: number;
  elboMcStderr: number;
  elboExpected: number;
  logPx: number;
  /** log p(x) − E[ELBO], closed form: ≥ 0, small when q(u_T) ≈ π. */
  gap: number;
  terms: Record<Exclude<keyof ElboBreakdown, 'total'>, TermCheck>;
}

const CHUNK = 4096;
const TERMS = ['prior', 'diffusion', 'auxEntropy', 'offset'] as const;

function meanAndStderr(values: number[]): { mc: number; stderr: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mc: mean, stderr: Math.sqrt(variance / n) };
}

export function verifyExactScore(spec: DiffusionSpec, opts: VerifyOptions): VerifyReport {
  const diffusion = createTensorDiffusion(spec);
  const elbo = createElboFn(diffusion, {
    tSampling: opts.tSampling ?? 'importance',
    withOffset: true,
    seed: opts.seed,
  });
  const model = exactEpsModel(diffusion, opts.data);
  const samples: Record<(typeof TERMS)[number] | 'total', number[]> = {
    prior: [],
    diffusion: [],
    auxEntropy: [],
    offset: [],
    total: [],
  };
  for (let start = 0; start < opts.samples; start += CHUNK) {
    const n = Math.min(CHUNK, opts.samples - start);
    const values = tf.tidy(() => {
      const terms = elbo(tf.fill([n, 1, 1, 1], opts.x) as tf.Tensor4D, model);
      return { ...terms, offset: terms.offset! };
    });
    for (const key of [...TERMS, 'total'] as const) {
      samples[key].push(...values[key].dataSync());
      values[key].dispose();
    }
  }
  diffusion.dispose();
  const expected = expectedElbo(spec, opts.x, opts.data);
  const total = meanAndStderr(samples.total);
  const logPx = gaussianLogDensity(opts.x, opts.data);
  const term = (key: (typeof TERMS)[number]): TermCheck => ({
    ...meanAndStderr(samples[key]),
    expected: expected[key],
  });
  return {
    k: spec.k,
    elboMc: total.mc,
    elboMcStderr: total.stderr,
    elboExpected: expected.total,
    logPx,
    gap: logPx - expected.total,
    terms: {
      prior: term('prior'),
      diffusion: term('diffusion'),
      auxEntropy: term('auxEntropy'),
      offset: term('offset'),
    },
  };
}
