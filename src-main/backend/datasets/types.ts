import type { DataTransformKind } from '#shared/mdm/transforms';
import type { PngImage } from '../export/png';
import type { DatasetInfo, SplitName } from '#shared/api/datasets';

export type { DatasetInfo, SplitName };

export interface BatchOptions {
  batchSize: number;
  /** Same seed and epoch give the same order, dequantization noise and flips. */
  seed: number;
  epoch?: number;
  /** Model-space transform of docs/science.md §5 (images only); default 'logit'. */
  transform?: DataTransformKind;
  /** Shuffle the split (default true); false walks it in stored order, e.g. for test BPD. */
  shuffle?: boolean;
  /** Random horizontal flips with probability 1/2 (default false; only for flippable datasets). */
  flip?: boolean;
  /** Drop a last batch smaller than batchSize (default false). */
  dropLast?: boolean;
}

/** One batch as the trainer receives it. */
export interface Batch {
  size: number;
  /** Per-example shape, [H, W, C] or [2]. */
  shape: number[];
  /** Model-space values [B, ...shape]: transformed dequantized pixels, or the raw toy points. */
  x: Float32Array;
  /** Per-example log|det J| of dequantized y → x (0 for points). */
  ldj: Float64Array;
  /** The uint8 pixels behind x (after any flip), [B, H, W, C]; empty for points. */
  pixels: Uint8Array;
  labels: Int32Array;
  /** Positions of the examples within the split. */
  indices: Int32Array;
}

export interface ThumbnailOptions {
  split?: SplitName;
  count?: number;
  seed?: number;
}

/** The one interface every dataset implements. */
export interface Dataset {
  readonly info: DatasetInfo;
  /** One epoch of batches over a split. */
  batches(split: SplitName, options: BatchOptions): IterableIterator<Batch>;
  /** A grid of examples (images) or a density histogram (points) for the UI. */
  thumbnails(options?: ThumbnailOptions): PngImage;
  /** Reference log-density of points [n, 2] (toys only; exact or by quadrature). */
  logDensity?(points: Float32Array): Float64Array;
}
