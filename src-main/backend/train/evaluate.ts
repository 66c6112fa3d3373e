/** Test-set likelihood: the ELBO with the offset term per test example, as BPD (images) or nats per dimension (points), with its standard error (docs/science.md §4–5). */
import type { TSampling } from '#shared/mdm/schedule';
import { MdmError } from '#shared/errors';
import * as tf from '@tensorflow/tfjs-core';
import { createElboFn } from '#shared/mdm/tensor/elbo';
import type { TensorDiffusion } from '#shared/mdm/tensor/diffusion';
import type { ElboTerms, EpsModel } from '#shared/mdm/tensor/elbo';
import type { DataTransformKind } from '#shared/mdm/transforms';
import type { Evaluation } from '#shared/api/checkpoint-tasks';
import type { Dataset } from '../datasets/index';
import { odeLikelihood } from '#shared/mdm/tensor/odeLikelihood';
import { deriveSeed } from '#shared/random';
import './gradients';

export interface EvaluateOptions {
  /** Test examples to use, from the start of the split in stored order; 0 or more than the split means all. */
  images?: number;
  batchSize?: number;
  transform: DataTransformKind;
  /** Dequantization noise, t and ε draws: the same seed gives the same number. */
  seed: number;
  tSampling?: TSampling;
  /** 'ode' also estimates each example's likelihood by the probability-flow ODE (slow: a solve per batch). */
  estimator?: 'elbo' | 'ode';
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The mean of per-example values and its standard error. */
export function meanAndStderr(values: number[]): { value: number; stderr: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { value: mean, stderr: Math.sqrt(variance / n) };
}

/** The one-line result, e.g. "test bits/dim: 1.2345 ± 0.0123 over 1000 images". */
export function describeEvaluation(result: Evaluation, noun: string): string {
  return `test ${unitName(result)}: ${result.value.toFixed(4)} ± ${result.stderr.toFixed(4)} over ${result.count} ${noun}`;
}

/** How users read the unit of a result. */
export function unitName(result: Evaluation): string {
  return result.unit === 'bpd' ? 'bits/dim' : 'nats/dim';
}

/** Per-example ELBO terms of one batch, read back from the tensors (missing ones as zeros). */
interface BatchTerms {
  total: number[];
  prior: number[];
  diffusion: number[];
  auxEntropy: number[];
  offset: number[];
}

async function readTerms(terms: ElboTerms, n: number): Promise<BatchTerms> {
  const read = async (t: tf.Tensor1D | null) =>
    t ? Array.from(await t.data()) : Array<number>(n).fill(0);
  const [total, prior, diffusion, auxEntropy, offset] = await Promise.all(
    [terms.total, terms.prior, terms.diffusion, terms.auxEntropy, terms.offset].map(read),
  );
  const out = {
    total: total!,
    prior: prior!,
    diffusion: diffusion!,
    auxEntropy: auxEntropy!,
    offset: offset!,
  };
  tf.dispose([
    terms.total,
    terms.prior,
    terms.diffusion,
    terms.auxEntropy,
    ...(terms.offset ? [terms.offset] : []),
  ]);
  return out;
}

/** Running sums of the ELBO terms over the evaluated examples, and each example's value. */
class Tally {
  readonly values: number[] = [];
  /** Each example's value without the offset term. */
  readonly noOffset: number[] = [];
  readonly sums = { prior: 0, diffusion: 0, auxEntropy: 0, offset: 0, elbo: 0 };

  constructor(
    private readonly points: boolean,
    private readonly d: number,
    private readonly perDim: number,
  ) {}

  /** Adds the first n examples of a batch: BPD = −(ELBO + ldj)/(d ln 2) + 8 (images), −ELBO/d (points). */
  add(terms: BatchTerms, batch: { indices: ArrayLike<number>; ldj: ArrayLike<number> }, n: number) {
    for (let i = 0; i < n; i++) {
      const e = terms.total[i]!;
      if (!Number.isFinite(e))
        throw new Error(
          `test example ${batch.indices[i]} has a non-finite ELBO (${e}): the model or diffusion is broken`,
        );
      const value = this.points ? -e / this.d : -(e + batch.ldj[i]!) / this.perDim + 8;
      this.values.push(value);
      this.noOffset.push(value + terms.offset[i]! / this.perDim);
      this.sums.elbo += e;
      this.sums.prior += terms.prior[i]!;
      this.sums.diffusion += terms.diffusion[i]!;
      this.sums.auxEntropy += terms.auxEntropy[i]!;
      this.sums.offset += terms.offset[i]!;
    }
  }

  result(): Evaluation {
    const count = this.values.length;
    const term = (sum: number) => -sum / count / this.perDim;
    return {
      unit: this.points ? 'nats_per_dim' : 'bpd',
      count,
      ...meanAndStderr(this.values),
      noOffset: meanAndStderr(this.noOffset),
      terms: {
        prior: term(this.sums.prior),
        diffusion: term(this.sums.diffusion),
        auxEntropy: term(this.sums.auxEntropy),
        offset: term(this.sums.offset),
      },
      elboNats: this.sums.elbo / count,
    };
  }
}

/** Evaluates `model` (use the EMA weights) on the test split in stored order. */
export async function evaluate(
  model: EpsModel,
  diffusion: TensorDiffusion,
  dataset: Dataset,
  o: EvaluateOptions,
): Promise<Evaluation> {
  const info = dataset.info;
  const available = info.splits.test;
  const total = o.images && o.images > 0 ? Math.min(o.images, available) : available;
  if (total < 1) throw new Error(`dataset ${info.name} has no test examples to evaluate`);
  const batchSize = Math.max(1, Math.min(o.batchSize ?? 100, total));
  const points = info.kind === 'points';
  const shape4 = (b: number): [number, number, number, number] =>
    points ? [b, 1, 1, info.shape[0] ?? 2] : [b, info.shape[0]!, info.shape[1]!, info.shape[2]!];
  const d = info.shape.reduce((p, s) => p * s, 1);
  const tally = new Tally(points, d, points ? d : d * Math.LN2);
  const elbo = createElboFn(diffusion, {
    tSampling: o.tSampling ?? 'importance',
    withOffset: true,
    seed: o.seed,
  });
  const ode = { values: [] as number[], nfe: [] as number[] };
  o.onProgress?.(0, total);
  const batches = dataset.batches('test', {
    batchSize,
    seed: o.seed,
    transform: o.transform,
    shuffle: false,
  });
  for (const batch of batches) {
    if (o.signal?.aborted) throw new MdmError('cancelled', 'evaluation was cancelled');
    const n = Math.min(batch.size, total - tally.values.length);
    const x = tf.tensor4d(batch.x.subarray(0, n * d), shape4(n));
    const terms = await readTerms(elbo(x, model), n);
    if (o.estimator === 'ode') {
      const r = odeLikelihood(model, diffusion, x, { seed: deriveSeed(o.seed, ode.nfe.length) });
      ode.nfe.push(r.nfe);
      r.logLikelihood.forEach((ll, i) =>
        ode.values.push(points ? -ll / d : -(ll + batch.ldj[i]!) / (d * Math.LN2) + 8),
      );
    }
    x.dispose();
    tally.add(terms, batch, n);
    o.onProgress?.(tally.values.length, total);
    await new Promise((resolve) => setImmediate(resolve)); // let a stop request or progress message through
    if (tally.values.length >= total) break;
  }
  const result = tally.result();
  if (o.estimator !== 'ode') return result;
  const nfe = ode.nfe.reduce((s, v) => s + v, 0) / ode.nfe.length;
  return { ...result, ode: { ...meanAndStderr(ode.values), nfe, boundOverV0: diffusion.k > 1 } };
}
