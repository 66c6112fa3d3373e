/** Seeds a data directory with finished two-moons and MNIST-shaped runs (metrics, samples, Q/D), for the compare and across-runs journeys. */
import { parseRunConfig } from '#shared/config/run-config';
import { ToyDataset } from '../../src-main/backend/datasets/toys';
import { encodePng } from '../../src-main/backend/export/png';
import {
  addDiffusionParams,
  addSample,
  type MetricsWriter,
  type StoreDb,
} from '../../src-main/backend/store/index';
import { recordRun, seedStore } from './support';

export interface SeededRun {
  id: number;
  name: string;
  dataset: 'two-moons' | 'mnist';
  learningRate: number;
  /** Steps at which the run has samples. */
  sampleSteps: number[];
  /** Its final test NPD (two-moons) or test BPD (MNIST). */
  final: number;
}

/** A grey picture, brighter with progress: a 122×122 grid for MNIST, a 128×128 density for points. */
function picture(size: number, progress: number): Buffer {
  const pixels = new Uint8Array(size * size);
  for (let i = 0; i < pixels.length; i++) {
    const x = (i % size) / size - 0.5;
    const y = Math.floor(i / size) / size - 0.5;
    pixels[i] = Math.round(255 * progress * Math.exp(-(x * x + y * y) * 20));
  }
  return encodePng({ width: size, height: size, channels: 1, pixels });
}

/** 1,024 two-moons points, spread about the origin by `spread` (a run still learning the shape). */
function moonPoints(seed: number, spread: number): Float32Array {
  const toy = new ToyDataset('two-moons', { seed, train: 1024, test: 1 });
  const [batch] = toy.batches('train', { batchSize: 1024, seed, shuffle: false });
  return batch!.x.map((v) => v * spread);
}

function seedRun(
  db: StoreDb,
  writer: MetricsWriter,
  spec: Omit<SeededRun, 'id'>,
  diffusion: 'vpsde' | 'cld',
): SeededRun {
  const image = spec.dataset === 'mnist';
  const steps = spec.sampleSteps.at(-1)!;
  const config = parseRunConfig({
    name: spec.name,
    dataset: spec.dataset,
    model: image ? 'tiny' : 'mlp',
    diffusion: { preset: diffusion },
    learningRate: spec.learningRate,
    steps,
  });
  const k = diffusion === 'cld' ? 2 : 1;
  const id = recordRun(
    db,
    {
      name: spec.name,
      config,
      dataset: spec.dataset,
      diffusion,
      k,
      backend: image ? 'node-gpu (NVIDIA H200)' : 'wasm (XNNPACK)',
      seed: 0,
      totalSteps: steps,
      tags: [spec.dataset, diffusion, 'issue-12'],
    },
    'completed',
    { step: steps },
  );
  const t0 = Date.now() - 600_000;
  for (let step = 0; step <= steps; step += steps / 20) {
    const decay = Math.exp(-step / (steps / 4));
    // −ELBO per example in nats: 784 dims for MNIST (≈ 14000), 2 for two-moons (≈ 4).
    const elbo = image ? -(12_000 + 4_000 * decay) : -(3.5 + 2 * decay);
    const values: Record<string, number> = { loss: -elbo, elbo };
    if (image) values.bpd = 1.5 + 2 * decay;
    else values.npd = -elbo / 2;
    writer.append(id, step, values, t0 + step * 100);
  }
  const unit = image ? 'test/bpd' : 'test/npd';
  writer.append(id, steps, { [unit]: spec.final, [`${unit}_stderr`]: 0.01 }, t0 + steps * 100);
  spec.sampleSteps.forEach((step, i) => {
    const size = image ? 122 : 128;
    const progress = (i + 1) / spec.sampleSteps.length;
    const png = picture(size, progress);
    // A higher learning rate spreads a run's points wider: same-dataset runs differ in extent.
    const spread = (1 + 50 * spec.learningRate) * (2 - progress);
    addSample(db, id, {
      step,
      kind: image ? 'grid' : 'scatter',
      png,
      width: size,
      height: size,
      ...(image ? {} : { points: moonPoints(id * 10 + i, spread) }),
    });
  });
  if (diffusion === 'cld') {
    // Learned-looking Q and D with a negative entry of three decimals, as the issue saw cut.
    addDiffusionParams(db, id, {
      step: steps,
      q: [
        [0, -0.787],
        [0.787, 0],
      ],
      d: [
        [0.0123, -0.456],
        [-0.456, 1.25],
      ],
      time: t0 + steps * 100,
    });
  }
  return { ...spec, id };
}

/** Three two-moons runs (learning rates 1e-3, 3e-3, 1e-2) and two MNIST runs (vpsde, cld). */
export function seedDatasetRuns(home: string): { moons: SeededRun[]; mnist: SeededRun[] } {
  return seedStore(home, (db, writer) => {
    const moons = [1e-3, 3e-3, 1e-2].map((learningRate, i) =>
      seedRun(
        db,
        writer,
        {
          name: `moons lr ${learningRate}`,
          dataset: 'two-moons',
          learningRate,
          sampleSteps: [0, 250, 500],
          final: 2.4 - 0.2 * i,
        },
        'vpsde',
      ),
    );
    const mnist = (['vpsde', 'cld'] as const).map((diffusion, i) =>
      seedRun(
        db,
        writer,
        {
          name: `mnist ${diffusion}`,
          dataset: 'mnist',
          learningRate: 2e-4,
          sampleSteps: [0, 1000, 2000],
          final: 1.9 - 0.3 * i,
        },
        diffusion,
      ),
    );
    return { moons, mnist };
  });
}
