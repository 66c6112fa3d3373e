/** Pictures of samples: a PNG grid of images, or a density histogram of 2-D points. */
import type { DatasetKind } from '#shared/api/datasets';
import type { DataTransformKind } from '#shared/mdm/transforms';
import { toPixels } from '#shared/mdm/transforms';
import { tileGrid } from '../datasets/image-dataset';
import type { PngImage } from '../export/png';

/** Model-space samples [n, H, W, C] → 8-bit pixels by the inverse transform (docs/science.md §5). */
export function samplesToPixels(x: Float32Array, transform: DataTransformKind): Uint8Array {
  const pixels = new Uint8Array(x.length);
  toPixels(transform, x, pixels);
  return pixels;
}

export function imageGrid(
  x: Float32Array,
  n: number,
  shape: [number, number, number],
  transform: DataTransformKind,
): PngImage {
  return tileGrid(samplesToPixels(x, transform), n, shape);
}

/** A size×size log-scaled histogram of points [n, 2] over [−extent, extent]², like the toy datasets' thumbnails. */
export function pointsHistogram(points: Float32Array, size = 128, extent = 4): PngImage {
  const counts = new Float64Array(size * size);
  for (let i = 0; i + 1 < points.length; i += 2) {
    const col = Math.floor(((points[i]! + extent) / (2 * extent)) * size);
    const row = Math.floor(((extent - points[i + 1]!) / (2 * extent)) * size);
    if (col >= 0 && col < size && row >= 0 && row < size) counts[row * size + col]! += 1;
  }
  let max = 0;
  for (const c of counts) max = Math.max(max, c);
  const scale = Math.log1p(max) || 1;
  const pixels = Uint8Array.from(counts, (c) => Math.round((255 * Math.log1p(c)) / scale));
  return { width: size, height: size, channels: 1, pixels };
}

/** The picture of `n` samples: a grid for images, a histogram for points. */
export function samplesImage(
  x: Float32Array,
  n: number,
  data: { kind: DatasetKind; shape: [number, number, number] },
  transform: DataTransformKind,
): PngImage {
  return data.kind === 'points' ? pointsHistogram(x) : imageGrid(x, n, data.shape, transform);
}
