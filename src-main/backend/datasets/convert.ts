import type { CacheFs } from './cache-fs';
import { SplitWriter } from './cache-writer';
import { throwIfAborted } from './errors';
import type { CachedSplit } from './manifest';
import type { DatasetInfo, SplitName } from './types';

/** What an import reports as it goes: bytes while extracting, records while converting. */
export interface ImportProgress {
  stage: 'extracting' | 'converting';
  split?: SplitName;
  file: string;
  done: number;
  total: number;
}

/** Shared by the steps of one import: where scratch files go, cancellation, progress. */
export interface ImportContext {
  scratch: string;
  signal?: AbortSignal;
  progress: (p: ImportProgress) => void;
}

/** An open input file (a CIFAR batch, an ImageNet32 npz): HWC records and labels in chunks. */
export interface PartReader {
  count: number;
  read(start: number, count: number): Promise<{ pixels: Uint8Array; labels: Uint16Array }>;
  close(): Promise<void>;
}

/** One input file of a split, opened only when its turn comes (so extracted temporaries live one at a time). */
export interface SplitPart {
  label: string;
  open(ctx: ImportContext): Promise<PartReader>;
}

/** An importable file format (CIFAR-10 binary, ImageNet32 npz). */
export interface ImportFormat {
  info: Pick<DatasetInfo, 'name' | 'title' | 'shape' | 'numClasses' | 'flippable'>;
  /** The input files the user's paths resolve to (their sizes and times fingerprint the import). */
  inputs(paths: string[]): Promise<string[]>;
  /** Each split's parts in order, checked for presence and size; may extract archives into ctx.scratch. */
  parts(inputs: string[], ctx: ImportContext): Promise<Record<SplitName, SplitPart[]>>;
}

/** Records per read/write: ~12 MB for 32×32×3, so memory stays flat whatever the dataset size. */
export const CHUNK_RECORDS = 4096;

/** Streams a split's parts, in order, into its cache files. */
export async function convertSplit(
  fs: CacheFs,
  dir: string,
  split: SplitName,
  parts: SplitPart[],
  ctx: ImportContext,
): Promise<CachedSplit> {
  const writer = await SplitWriter.create(fs, dir, split);
  try {
    for (const part of parts) {
      throwIfAborted(ctx.signal);
      const reader = await part.open(ctx);
      try {
        for (let start = 0; start < reader.count; start += CHUNK_RECORDS) {
          throwIfAborted(ctx.signal);
          const n = Math.min(CHUNK_RECORDS, reader.count - start);
          const { pixels, labels } = await reader.read(start, n);
          await writer.append(pixels, labels);
          ctx.progress({
            stage: 'converting',
            split,
            file: part.label,
            done: start + n,
            total: reader.count,
          });
        }
      } finally {
        await reader.close();
      }
    }
    return await writer.finish();
  } finally {
    await writer.close();
  }
}

/** Channel-planar records (R plane, G plane, B plane) to interleaved HWC; records start every `stride` bytes from `skip`. */
export function planarToHwc(
  planar: Uint8Array,
  count: number,
  pixelsPerImage: number,
  channels: number,
  stride = pixelsPerImage * channels,
  skip = 0,
): Uint8Array {
  const recordBytes = pixelsPerImage * channels;
  const out = new Uint8Array(count * recordBytes);
  for (let k = 0; k < count; k++) {
    const base = k * recordBytes;
    for (let c = 0; c < channels; c++) {
      const plane = k * stride + skip + c * pixelsPerImage;
      for (let p = 0; p < pixelsPerImage; p++)
        out[base + p * channels + c] = planar[plane + p] as number;
    }
  }
  return out;
}
