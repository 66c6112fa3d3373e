/** Test-set likelihood: the ELBO with the offset term per test example, as BPD (images) or nats per dimension (points), with its standard error (docs/science.md §4–5). */
import { MdmError } from '#shared/errors';
import * as tf from '@tensorflow/tfjs-core';
import { createElboFn } from '#shared/mdm/tensor/elbo';
import type { TensorDiffusion } from '#shared/mdm/tensor/diffusion';
import type { EpsModel } from '#shared/mdm/tensor/elbo';
import type { DataTransformKind } from '#shared/mdm/transforms';
import type { Evaluation } from '#shared/api/checkpoint-tasks';
import type { Dataset } from '../datasets/index';

export interface EvaluateOptions {
  /** Test examples to use, from the start of the split in stored order; 0 or more than the split means all. */
  images?: number;
  batchSize?: number;
  transform: DataTransformKind;
  /** Dequantization noise, t and ε draws: the same seed gives the same number. */
  seed: number;
  tSampling?: 'importance' | 'uniform';
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
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
  const perDim = points ? d : d * Math.LN2;
  const elbo = createElboFn(diffusion, {
    tSampling: o.tSampling ?? 'importance',
    withOffset: true,
    seed: o.seed,
  });

  const values: number[] = [];
  const sums = { prior: 0, diffusion: 0, auxEntropy: 0, offset: 0, elbo: 0 };
  o.onProgress?.(0, total);
  const batches = dataset.batches('test', {
    batchSize,
    seed: o.seed,
    transform: o.transform,
    shuffle: false,
  });
  for (const batch of batches) {
    if (o.signal?.aborted) throw new MdmError('cancelled', 'evaluation was cancelled');
    const n = Math.min(batch.size, total - values.length);
    const x = tf.tensor4d(batch.x.subarray(0, n * d), shape4(n));
    const terms = elbo(x, model);
    const read = (t: tf.Tensor1D | null) =>
      t ? Array.from(t.dataSync()) : Array<number>(n).fill(0);
    const [tot, prior, diff, aux, offset] = [
      terms.total,
      terms.prior,
      terms.diffusion,
      terms.auxEntropy,
      terms.offset,
    ].map(read);
    tf.dispose([
      x,
      terms.total,
      terms.prior,
      terms.diffusion,
      terms.auxEntropy,
      ...(terms.offset ? [terms.offset] : []),
    ]);
    for (let i = 0; i < n; i++) {
      const e = tot![i]!;
      if (!Number.isFinite(e))
        throw new Error(
          `test example ${batch.indices[i]} has a non-finite ELBO (${e}): the model or diffusion is broken`,
        );
      values.push(points ? -e / d : -(e + batch.ldj[i]!) / perDim + 8);
      sums.elbo += e;
      sums.prior += prior![i]!;
      sums.diffusion += diff![i]!;
      sums.auxEntropy += aux![i]!;
      sums.offset += offset![i]!;
    }
    o.onProgress?.(values.length, total);
    await new Promise((resolve) => setImmediate(resolve)); // let a stop request or progress message through
    if (values.length >= total) break;
  }
  const count = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / count;
  const variance = count > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (count - 1) : 0;
  const term = (sum: number) => -sum / count / perDim;
  return {
    unit: points ? 'nats_per_dim' : 'bpd',
    count,
    value: mean,
    stderr: Math.sqrt(variance / count),
    terms: {
      prior: term(sums.prior),
      diffusion: term(sums.diffusion),
      auxEntropy: term(sums.auxEntropy),
      offset: term(sums.offset),
    },
    elboNats: sums.elbo / count,
  };
}
