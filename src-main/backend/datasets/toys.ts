import type { PngImage } from '../export/png';
import { batchIndices } from './batching';
import { Rng, deriveSeed } from '#shared/random';
import type { Batch, BatchOptions, Dataset, DatasetInfo, SplitName } from './types';

export const TOY_NAMES = ['swiss-roll', 'eight-gaussians', 'checkerboard', 'two-moons'] as const;
export type ToyName = (typeof TOY_NAMES)[number];

/** A 2-D toy distribution (the FFJORD conventions of Grathwohl et al. 2019): a sampler and a reference log-density. */
interface Toy {
  title: string;
  numClasses: number;
  /** Writes one point into out[0..1], returns its component label. */
  sample(rng: Rng, out: Float32Array, at: number): number;
  logDensity(x: number, y: number): number;
}

const LOG_2PI = Math.log(2 * Math.PI);
const QUADRATURE_NODES = 2000;

/** log N((x, y); (mx, my), σ² I). */
function logNormal2(x: number, y: number, mx: number, my: number, sigma: number): number {
  const dx = (x - mx) / sigma;
  const dy = (y - my) / sigma;
  return -0.5 * (dx * dx + dy * dy) - LOG_2PI - 2 * Math.log(sigma);
}

function logMeanExp(values: number[]): number {
  const max = Math.max(...values);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0) / values.length);
}

/** A curve f(t), t ~ U[a, b], blurred by N(0, σ² I). */
interface NoisyCurve {
  a: number;
  b: number;
  sigma: number;
  f: (t: number) => [number, number];
}

function sampleCurve(c: NoisyCurve, rng: Rng, out: Float32Array, at: number): void {
  const [mx, my] = c.f(c.a + (c.b - c.a) * rng.uniform());
  out[at] = mx + c.sigma * rng.normal();
  out[at + 1] = my + c.sigma * rng.normal();
}

const nodeCache = new WeakMap<NoisyCurve, Float64Array>();

/** The curve at QUADRATURE_NODES midpoints, as [x0, y0, x1, y1, …], computed once per curve. */
function curveNodes(c: NoisyCurve): Float64Array {
  let nodes = nodeCache.get(c);
  if (!nodes) {
    nodes = new Float64Array(2 * QUADRATURE_NODES);
    for (let i = 0; i < QUADRATURE_NODES; i++) {
      const [mx, my] = c.f(c.a + ((c.b - c.a) * (i + 0.5)) / QUADRATURE_NODES);
      nodes[2 * i] = mx;
      nodes[2 * i + 1] = my;
    }
    nodeCache.set(c, nodes);
  }
  return nodes;
}

/** log ∫ U(t; a, b) N(x; f(t), σ² I) dt by the midpoint rule on QUADRATURE_NODES nodes (nodes ≪ σ apart). */
function curveLogDensity(c: NoisyCurve, x: number, y: number): number {
  const nodes = curveNodes(c);
  const k = -0.5 / (c.sigma * c.sigma);
  let minSq = Infinity;
  for (let i = 0; i < nodes.length; i += 2) {
    const dx = x - (nodes[i] as number);
    const dy = y - (nodes[i + 1] as number);
    minSq = Math.min(minSq, dx * dx + dy * dy);
  }
  let sum = 0;
  for (let i = 0; i < nodes.length; i += 2) {
    const dx = x - (nodes[i] as number);
    const dy = y - (nodes[i + 1] as number);
    sum += Math.exp(k * (dx * dx + dy * dy - minSq));
  }
  return k * minSq + Math.log(sum / QUADRATURE_NODES) - LOG_2PI - 2 * Math.log(c.sigma);
}

const SWISS: NoisyCurve = {
  a: 1.5 * Math.PI,
  b: 4.5 * Math.PI,
  sigma: 0.2,
  f: (t) => [(t * Math.cos(t)) / 5, (t * Math.sin(t)) / 5],
};
const MOONS: NoisyCurve[] = [
  { a: 0, b: Math.PI, sigma: 0.2, f: (t) => [2 * Math.cos(t) - 1, 2 * Math.sin(t) - 0.2] },
  {
    a: 0,
    b: Math.PI,
    sigma: 0.2,
    f: (t) => [2 * (1 - Math.cos(t)) - 1, 2 * (0.5 - Math.sin(t)) - 0.2],
  },
];
const RADIUS = 4 / Math.SQRT2;
const SPREAD = 0.5 / Math.SQRT2;
const CENTERS = Array.from(
  { length: 8 },
  (_, k) => [RADIUS * Math.cos((k * Math.PI) / 4), RADIUS * Math.sin((k * Math.PI) / 4)] as const,
);

const TOYS: Record<ToyName, Toy> = {
  'swiss-roll': {
    title: 'Swiss roll',
    numClasses: 1,
    sample: (rng, out, at) => (sampleCurve(SWISS, rng, out, at), 0),
    logDensity: (x, y) => curveLogDensity(SWISS, x, y),
  },
  'two-moons': {
    title: 'Two moons',
    numClasses: 2,
    sample: (rng, out, at) => {
      const moon = rng.u32() & 1;
      sampleCurve(MOONS[moon] as NoisyCurve, rng, out, at);
      return moon;
    },
    logDensity: (x, y) => logMeanExp(MOONS.map((c) => curveLogDensity(c, x, y))),
  },
  'eight-gaussians': {
    title: '8 Gaussians',
    numClasses: 8,
    sample: (rng, out, at) => {
      const k = rng.int(8);
      const [cx, cy] = CENTERS[k] as readonly [number, number];
      out[at] = cx + SPREAD * rng.normal();
      out[at + 1] = cy + SPREAD * rng.normal();
      return k;
    },
    logDensity: (x, y) => logMeanExp(CENTERS.map(([cx, cy]) => logNormal2(x, y, cx, cy, SPREAD))),
  },
  checkerboard: {
    title: 'Checkerboard',
    numClasses: 1,
    sample: (rng, out, at) => {
      const x1 = 4 * rng.uniform() - 2;
      const x2 = rng.uniform() - 2 * (rng.u32() & 1) + mod2(Math.floor(x1));
      out[at] = 2 * x1;
      out[at + 1] = 2 * x2;
      return 0;
    },
    logDensity: (x, y) => (onCheckerboard(x / 2, y / 2) ? -Math.log(32) : -Infinity),
  },
};

function mod2(n: number): number {
  return ((n % 2) + 2) % 2;
}

/** Support of the checkerboard before its ×2 scaling: x1 ∈ [−2, 2), x2 − (⌊x1⌋ mod 2) ∈ [0, 1) ∪ [−2, −1); area 8. */
function onCheckerboard(x1: number, x2: number): boolean {
  if (x1 < -2 || x1 >= 2) return false;
  const r = x2 - mod2(Math.floor(x1));
  return (r >= 0 && r < 1) || (r >= -2 && r < -1);
}

/** What the registry lists for a toy, without generating it. */
export function toyInfo(toy: ToyName, train = 50_000, test = 10_000): DatasetInfo {
  const { title, numClasses } = TOYS[toy];
  return {
    name: toy,
    title,
    kind: 'points',
    shape: [2],
    numClasses,
    splits: { train, test },
    flippable: false,
    origin: 'generated',
  };
}

export interface ToyOptions {
  seed?: number;
  train?: number;
  test?: number;
}

/** A generated 2-D dataset: fixed train and test points drawn from `seed`. */
export class ToyDataset implements Dataset {
  readonly info: DatasetInfo;
  private readonly points: Record<SplitName, { xy: Float32Array; labels: Int32Array }>;

  constructor(
    readonly toy: ToyName,
    options: ToyOptions = {},
  ) {
    const { seed = 0, train, test } = options;
    const model = TOYS[toy];
    this.info = toyInfo(toy, train, test);
    const draw = (n: number, stream: number) => {
      const rng = new Rng(deriveSeed(seed, stream));
      const xy = new Float32Array(2 * n);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) labels[i] = model.sample(rng, xy, 2 * i);
      return { xy, labels };
    };
    this.points = {
      train: draw(this.info.splits.train, 11),
      test: draw(this.info.splits.test, 12),
    };
  }

  *batches(split: SplitName, options: BatchOptions): IterableIterator<Batch> {
    const { xy, labels } = this.points[split];
    for (const indices of batchIndices(labels.length, options)) {
      const x = new Float32Array(2 * indices.length);
      const batchLabels = new Int32Array(indices.length);
      indices.forEach((i, k) => {
        x[2 * k] = xy[2 * i] as number;
        x[2 * k + 1] = xy[2 * i + 1] as number;
        batchLabels[k] = labels[i] as number;
      });
      yield {
        size: indices.length,
        shape: [2],
        x,
        ldj: new Float64Array(indices.length),
        pixels: new Uint8Array(0),
        labels: batchLabels,
        indices,
      };
    }
  }

  /** A 128×128 log-scaled histogram of the split over [−4, 4]². */
  thumbnails(options: { split?: SplitName } = {}): PngImage {
    const size = 128;
    const counts = new Float64Array(size * size);
    const { xy } = this.points[options.split ?? 'train'];
    for (let i = 0; i < xy.length; i += 2) {
      const col = Math.floor((((xy[i] as number) + 4) / 8) * size);
      const row = Math.floor(((4 - (xy[i + 1] as number)) / 8) * size);
      if (col >= 0 && col < size && row >= 0 && row < size) counts[row * size + col]! += 1;
    }
    const scale = Math.log1p(Math.max(...counts));
    const pixels = Uint8Array.from(counts, (c) => Math.round((255 * Math.log1p(c)) / (scale || 1)));
    return { width: size, height: size, channels: 1, pixels };
  }

  /** Reference log-density of points [n, 2]: exact for 8 Gaussians and the checkerboard, quadrature over the curve otherwise. */
  logDensity(points: Float32Array): Float64Array {
    const model = TOYS[this.toy];
    const out = new Float64Array(points.length / 2);
    for (let i = 0; i < out.length; i++)
      out[i] = model.logDensity(points[2 * i] as number, points[2 * i + 1] as number);
    return out;
  }
}
