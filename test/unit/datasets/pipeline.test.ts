import { describe, expect, it } from 'vitest';
import { toModelSpace } from '#shared/mdm/transforms';
import { ImageDataset, flipHorizontally } from '../../../src-main/backend/datasets/image-dataset';
import { openSplitStore, type SplitStore } from '../../../src-main/backend/datasets/store';
import type { DatasetInfo } from '../../../src-main/backend/datasets/types';
import { pixelsOf } from './helpers/formats';
import { put, useTempDir } from './helpers/temp';

const temp = useTempDir();
const SHAPE = [4, 3, 3];
const D = 36;
const N = 10;
const info: DatasetInfo = {
  name: 'tiny',
  title: 'Tiny',
  kind: 'image',
  shape: SHAPE,
  numClasses: 10,
  splits: { train: N, test: N },
  flippable: true,
  origin: 'imported',
};

function memoryStore(): SplitStore {
  const images = Uint8Array.from({ length: N * D }, (_, i) => (i * 7) & 255);
  return {
    count: N,
    recordBytes: D,
    read(indices, pixels, labels) {
      indices.forEach((i, k) => {
        pixels.set(images.subarray(i * D, (i + 1) * D), k * D);
        labels[k] = i;
      });
    },
  };
}

const dataset = () => new ImageDataset(info, { train: memoryStore(), test: memoryStore() });
const all = (ds: ImageDataset, opts: Parameters<ImageDataset['batches']>[1]) => [
  ...ds.batches('train', opts),
];

describe('image batch pipeline (docs/science.md §5)', () => {
  it('visits every example once per epoch, in batches of batchSize', () => {
    const batches = all(dataset(), { batchSize: 4, seed: 1 });
    expect(batches.map((b) => b.size)).toEqual([4, 4, 2]);
    expect(batches.flatMap((b) => Array.from(b.indices)).sort((a, b) => a - b)).toEqual([
      ...Array(N).keys(),
    ]);
    expect(all(dataset(), { batchSize: 4, seed: 1, dropLast: true }).map((b) => b.size)).toEqual([
      4, 4,
    ]);
    expect(
      Array.from(all(dataset(), { batchSize: 4, seed: 1, shuffle: false })[0]!.indices),
    ).toEqual([0, 1, 2, 3]);
  });

  it('gives the same order, noise and flips for the same seed and epoch, different ones otherwise', () => {
    const opts = { batchSize: 3, seed: 7, flip: true };
    const a = all(dataset(), opts);
    const b = all(dataset(), opts);
    expect(a.map((x) => Array.from(x.x))).toEqual(b.map((x) => Array.from(x.x)));
    const c = all(dataset(), { ...opts, epoch: 1 });
    expect(c.map((x) => Array.from(x.indices))).not.toEqual(a.map((x) => Array.from(x.indices)));
  });

  it('dequantizes uniformly within each pixel bin and applies the logit transform with its ldj', () => {
    for (const transform of ['logit', 'center'] as const) {
      const [batch] = all(dataset(), { batchSize: N, seed: 3, transform });
      const y = new Float32Array(batch!.x.length);
      for (let j = 0; j < y.length; j++) {
        const xj = batch!.x[j]!;
        y[j] = transform === 'center' ? (xj + 1) / 2 : (1 / (1 + Math.exp(-xj)) - 0.05) / 0.9;
        expect(Math.floor(y[j]! * 256 + 1e-4)).toBeGreaterThanOrEqual(batch!.pixels[j]!);
        expect(y[j]! * 256).toBeLessThan(batch!.pixels[j]! + 1 + 1e-3);
      }
      const ldj = toModelSpace(transform, y, D, new Float32Array(y.length));
      batch!.ldj.forEach((v, k) => expect(v).toBeCloseTo(ldj[k]!, 2));
    }
  });

  it('noise averages to half a bin', () => {
    const [batch] = all(dataset(), { batchSize: N, seed: 5, transform: 'center' });
    let sum = 0;
    batch!.x.forEach((xj, j) => (sum += ((xj + 1) / 2) * 256 - batch!.pixels[j]!));
    expect(sum / batch!.x.length).toBeGreaterThan(0.35);
    expect(sum / batch!.x.length).toBeLessThan(0.65);
  });

  it('flips about half the images left–right, and pixels match the flipped x', () => {
    const plain = all(dataset(), { batchSize: N, seed: 9, shuffle: false })[0]!;
    const flipped = all(dataset(), { batchSize: N, seed: 9, shuffle: false, flip: true })[0]!;
    let count = 0;
    for (let k = 0; k < N; k++) {
      const original = plain.pixels.slice(k * D, (k + 1) * D);
      const got = flipped.pixels.subarray(k * D, (k + 1) * D);
      const mirrored = original.slice();
      flipHorizontally(mirrored, 4, 3, 3);
      if (got.every((v, i) => v === mirrored[i])) count++;
      else expect(got).toEqual(original);
    }
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(N);
    expect(() =>
      all(
        new ImageDataset(
          { ...info, flippable: false },
          { train: memoryStore(), test: memoryStore() },
        ),
        { batchSize: 2, seed: 0, flip: true },
      ),
    ).toThrow(/flips are not offered/);
  });

  it('flipHorizontally mirrors columns and keeps channels together', () => {
    const image = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    flipHorizontally(image, 2, 3, 2);
    expect(Array.from(image)).toEqual([5, 6, 3, 4, 1, 2, 11, 12, 9, 10, 7, 8]);
  });

  it('makes a thumbnail grid with gutters', () => {
    const grid = dataset().thumbnails({ count: 5 });
    expect([grid.width, grid.height, grid.channels]).toEqual([3 * 4 + 1, 2 * 5 + 1, 3]);
  });
});

describe('split store', () => {
  it('reads the same records from memory and from disk by position', () => {
    const dir = temp();
    const images = Buffer.concat([
      Buffer.alloc(16),
      ...Array.from({ length: 6 }, (_, k) => pixelsOf(k, 10)),
    ]);
    const files = {
      count: 6,
      recordBytes: 10,
      images: put(dir, 'i', images),
      imagesOffset: 16,
      labels: put(dir, 'l', Uint8Array.of(0, 0, 5, 0, 6, 0, 7, 0, 8, 0, 9, 0, 0, 1)),
      labelsOffset: 2,
      labelBytes: 2 as const,
    };
    const indices = Int32Array.of(4, 0, 1, 2, 5);
    const read = (limit: number) => {
      const pixels = new Uint8Array(50);
      const labels = new Int32Array(5);
      openSplitStore(files, limit).read(indices, pixels, labels);
      return { pixels: Array.from(pixels), labels: Array.from(labels) };
    };
    expect(read(0)).toEqual(read(1 << 20));
    expect(read(0).labels).toEqual([9, 5, 6, 7, 256]);
    expect(read(0).pixels.slice(0, 10)).toEqual(Array.from(pixelsOf(4, 10)));
  });
});
