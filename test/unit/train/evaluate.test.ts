import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { gaussianLogDensity } from '#shared/mdm/gaussianData';
import { Rng } from '#shared/random';
import { presetSpec, type PresetName } from '#shared/mdm/spec';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import { exactEpsModel } from '#shared/mdm/tensor/exactModel';
import { openDataset, type Batch, type Dataset } from '../../../src-main/backend/datasets/index';
import { selectBackend } from '../../../src-main/backend/train/backend';
import { evaluate } from '../../../src-main/backend/train/evaluate';
import { evaluationMetrics } from '../../../src-main/backend/train/metrics';
import { buildNet, dataShapeOf, topologyFor } from '../../../src-main/backend/train/model';

const gaussian = { mu: 0.1, variance: 0.25 };

/** 2-D points with independent N(μ, s²) coordinates as a test split. */
function gaussianPoints(count: number): Dataset & { points: Float32Array } {
  const rng = new Rng(11);
  const points = Float32Array.from(
    { length: 2 * count },
    () => gaussian.mu + Math.sqrt(gaussian.variance) * rng.normal(),
  );
  return {
    points,
    info: {
      name: 'gaussian',
      title: 'Gaussian',
      kind: 'points',
      shape: [2],
      numClasses: 1,
      splits: { train: count, test: count },
      flippable: false,
      origin: 'generated',
    },
    *batches(_split, { batchSize }): IterableIterator<Batch> {
      for (let start = 0; start < count; start += batchSize) {
        const n = Math.min(batchSize, count - start);
        yield {
          size: n,
          shape: [2],
          x: points.slice(2 * start, 2 * (start + n)),
          ldj: new Float64Array(n),
          pixels: new Uint8Array(0),
          labels: new Int32Array(n),
          indices: Int32Array.from({ length: n }, (_, i) => start + i),
        };
      }
    },
    thumbnails: () => ({ width: 1, height: 1, channels: 1, pixels: new Uint8Array(1) }),
  };
}

describe('test-set evaluation (docs/science.md §4–5)', () => {
  for (const preset of ['vpsde', 'cld'] as PresetName[]) {
    it(`with the exact score of Gaussian data gives −log p(x)/d within its stderr (${preset})`, async () => {
      await tf.setBackend('cpu');
      const dataset = gaussianPoints(1000);
      const diffusion = createTensorDiffusion(presetSpec(preset));
      const model = exactEpsModel(diffusion, gaussian);
      const progress: number[] = [];
      const options = { images: 600, batchSize: 250, transform: 'logit' as const, seed: 4 };
      const result = await evaluate(model, diffusion, dataset, {
        ...options,
        onProgress: (done) => progress.push(done),
      });
      expect(progress).toEqual([0, 250, 500, 600]);
      expect(result.unit).toBe('nats_per_dim');
      expect(result.count).toBe(600);
      let nll = 0;
      for (let i = 0; i < 1200; i++) nll -= gaussianLogDensity(dataset.points[i]!, gaussian);
      const reference = nll / 1200;
      expect(result.stderr).toBeGreaterThan(0);
      expect(result.stderr).toBeLessThan(1); // one t per example: the single-sample ELBO is noisy
      expect(Math.abs(result.value - reference)).toBeLessThan(3 * result.stderr);
      const { prior, diffusion: diff, auxEntropy, offset } = result.terms;
      expect(prior + diff + auxEntropy + offset).toBeCloseTo(-result.elboNats / 2, 5);
      expect(await evaluate(model, diffusion, dataset, options)).toEqual(result);
      diffusion.dispose();
    });
  }

  it('estimator ode: the probability-flow ODE beside the ELBO agrees with −log p(x)/d (exact score, cld)', async () => {
    await tf.setBackend('cpu');
    const dataset = gaussianPoints(64);
    const diffusion = createTensorDiffusion(presetSpec('cld'));
    const model = exactEpsModel(diffusion, gaussian);
    const result = await evaluate(model, diffusion, dataset, {
      batchSize: 32,
      transform: 'logit',
      seed: 2,
      estimator: 'ode',
    });
    let nll = 0;
    for (let i = 0; i < 128; i++) nll -= gaussianLogDensity(dataset.points[i]!, gaussian);
    const ode = result.ode!;
    expect(ode.boundOverV0).toBe(true); // K = 2: the bound over v0
    expect(ode.nfe).toBeGreaterThan(10);
    expect(ode.stderr).toBeLessThan(result.stderr); // no t or ε draws, only v0 and Hutchinson noise
    // A bound over v0 of the likelihood, per coordinate: ≥ −log p(x)/d up to its error and the t_min gap.
    expect(Math.abs(ode.value - nll / 128)).toBeLessThan(4 * ode.stderr + 0.02);
    diffusion.dispose();
  });

  it('reports a finite BPD ± stderr for an untrained tiny U-Net on MNIST, as test/ metrics', async () => {
    await selectBackend({ prefer: 'wasm' });
    const dataset = await openDataset('mnist');
    const diffusion = createTensorDiffusion(presetSpec('malda'));
    const net = buildNet(topologyFor('tiny', dataShapeOf(dataset.info), 3), 0);
    const result = await evaluate((u, t) => net.apply(u, t, false), diffusion, dataset, {
      images: 6,
      batchSize: 4,
      transform: 'logit',
      seed: 0,
    });
    expect(result.unit).toBe('bpd');
    expect(result.count).toBe(6);
    expect(Number.isFinite(result.value)).toBe(true);
    expect(result.value).toBeGreaterThan(0);
    expect(result.stderr).toBeGreaterThan(0);
    expect(result.stderr).toBeLessThan(result.value);
    const metrics = evaluationMetrics(result);
    expect(Object.keys(metrics)).toEqual([
      'test/bpd',
      'test/bpd_stderr',
      'test/bpd_prior',
      'test/bpd_diffusion',
      'test/bpd_aux',
      'test/bpd_offset',
      'test/bpd_no_offset',
      'test/bpd_no_offset_stderr',
      'test/images',
    ]);
    // Without the offset term: the BPD less its offset part (the authors report both).
    expect(result.noOffset.value).toBeCloseTo(result.value - result.terms.offset, 9);
    tf.dispose(net.variables);
    diffusion.dispose();
  });
});
