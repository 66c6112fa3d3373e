import { toModelSpace, type DataTransformKind } from '#shared/mdm/transforms';
import type { PngImage } from '../export/png';
import { STREAM, batchIndices } from './batching';
import { Rng, deriveSeed } from '#shared/random';
import type { SplitStore } from './store';
import type {
  Batch,
  BatchOptions,
  Dataset,
  DatasetInfo,
  SplitName,
  ThumbnailOptions,
} from './types';

/** The largest float32 below 1: y must stay in [0, 1) after rounding (docs/science.md §5). */
const BELOW_ONE = 1 - 2 ** -24;

/** A uint8 image dataset over two split stores: dequantization, flips and the §5 transform per batch. */
export class ImageDataset implements Dataset {
  constructor(
    readonly info: DatasetInfo,
    private readonly stores: Record<SplitName, SplitStore>,
  ) {}

  *batches(split: SplitName, options: BatchOptions): IterableIterator<Batch> {
    const noise = new Rng(deriveSeed(options.seed, options.epoch ?? 0, STREAM.noise));
    const flip = options.flip === true;
    if (flip && !this.info.flippable)
      throw new RangeError(`${this.info.name}: horizontal flips are not offered`);
    for (const indices of batchIndices(this.stores[split].count, options)) {
      yield this.batch(split, indices, noise, options.transform ?? 'logit', flip);
    }
  }

  private batch(
    split: SplitName,
    indices: Int32Array,
    rng: Rng,
    transform: DataTransformKind,
    flip: boolean,
  ): Batch {
    const [height = 0, width = 0, channels = 0] = this.info.shape;
    const d = height * width * channels;
    const pixels = new Uint8Array(indices.length * d);
    const labels = new Int32Array(indices.length);
    this.stores[split].read(indices, pixels, labels);
    if (flip) {
      for (let k = 0; k < indices.length; k++) {
        if (rng.u32() & 1)
          flipHorizontally(pixels.subarray(k * d, (k + 1) * d), height, width, channels);
      }
    }
    const y = new Float32Array(pixels.length);
    for (let j = 0; j < pixels.length; j++)
      y[j] = Math.min(((pixels[j] as number) + rng.uniform()) / 256, BELOW_ONE);
    const x = new Float32Array(pixels.length);
    const ldj = toModelSpace(transform, y, d, x);
    return { size: indices.length, shape: [...this.info.shape], x, ldj, pixels, labels, indices };
  }

  thumbnails(options: ThumbnailOptions = {}): PngImage {
    const { split = 'train', count = 64, seed = 0 } = options;
    const store = this.stores[split];
    const n = Math.min(count, store.count);
    const indices = new Rng(deriveSeed(seed, 0, STREAM.thumbnails))
      .permutation(store.count)
      .slice(0, n);
    const pixels = new Uint8Array(n * store.recordBytes);
    store.read(indices, pixels, new Int32Array(n));
    return tileGrid(pixels, n, this.info.shape);
  }
}

/** Mirrors one [H, W, C] image left–right in place. */
export function flipHorizontally(
  image: Uint8Array,
  height: number,
  width: number,
  channels: number,
): void {
  for (let row = 0; row < height; row++) {
    for (let left = 0, right = width - 1; left < right; left++, right--) {
      const a = (row * width + left) * channels;
      const b = (row * width + right) * channels;
      for (let c = 0; c < channels; c++) {
        const tmp = image[a + c] as number;
        image[a + c] = image[b + c] as number;
        image[b + c] = tmp;
      }
    }
  }
}

/** Lays `n` images [H, W, C] out in a near-square grid with 1-pixel black gutters. */
export function tileGrid(pixels: Uint8Array, n: number, shape: number[]): PngImage {
  const [height = 0, width = 0, channels = 0] = shape;
  if (channels !== 1 && channels !== 3) throw new RangeError(`tileGrid: ${channels} channels`);
  const columns = Math.max(1, Math.ceil(Math.sqrt(n)));
  const rows = Math.max(1, Math.ceil(n / columns));
  const gridWidth = columns * (width + 1) + 1;
  const gridHeight = rows * (height + 1) + 1;
  const out = new Uint8Array(gridWidth * gridHeight * channels);
  const rowBytes = width * channels;
  for (let k = 0; k < n; k++) {
    const x0 = (k % columns) * (width + 1) + 1;
    const y0 = Math.floor(k / columns) * (height + 1) + 1;
    for (let row = 0; row < height; row++) {
      const src = (k * height + row) * rowBytes;
      out.set(pixels.subarray(src, src + rowBytes), ((y0 + row) * gridWidth + x0) * channels);
    }
  }
  return { width: gridWidth, height: gridHeight, channels, pixels: out };
}
