import fs from 'node:fs';

/** Where one split's records live: a file of fixed-size uint8 records and a file of labels. */
export interface SplitFiles {
  count: number;
  recordBytes: number;
  images: string;
  imagesOffset: number;
  labels: string;
  labelsOffset: number;
  labelBytes: 1 | 2;
}

/** Reads records of one split by index; small splits are held in memory, large ones read by position. */
export interface SplitStore {
  readonly count: number;
  readonly recordBytes: number;
  /** Copies records `indices` into `pixels` (indices.length × recordBytes) and their labels into `labels`. */
  read(indices: Int32Array, pixels: Uint8Array, labels: Int32Array): void;
}

/** Splits up to this size are read into memory once; bigger ones are read batch by batch from disk. */
export const IN_MEMORY_LIMIT_BYTES = 256 * 2 ** 20;

/** Opens a split for synchronous reads (fast in a training worker; no file handle is held between batches). Nothing is read until the first batch. */
export function openSplitStore(
  files: SplitFiles,
  inMemoryLimit = IN_MEMORY_LIMIT_BYTES,
): SplitStore {
  const { count, recordBytes } = files;
  let labels: Int32Array | undefined;
  let images: Uint8Array | null | undefined;
  return {
    count,
    recordBytes,
    read(indices, pixels, out) {
      labels ??= readLabels(files);
      images ??=
        count * recordBytes <= inMemoryLimit
          ? readSpan(files.images, files.imagesOffset, count * recordBytes)
          : null;
      for (let k = 0; k < indices.length; k++) out[k] = labels[indices[k] as number] as number;
      if (images) {
        for (let k = 0; k < indices.length; k++) {
          const at = (indices[k] as number) * recordBytes;
          pixels.set(images.subarray(at, at + recordBytes), k * recordBytes);
        }
      } else {
        readRecords(files, indices, pixels);
      }
    },
  };
}

/** Positional reads, merging runs of consecutive indices into one read. */
function readRecords(files: SplitFiles, indices: Int32Array, pixels: Uint8Array): void {
  const fd = fs.openSync(files.images, 'r');
  try {
    let k = 0;
    while (k < indices.length) {
      let run = 1;
      while (k + run < indices.length && indices[k + run] === (indices[k] as number) + run) run++;
      const bytes = run * files.recordBytes;
      const at = files.imagesOffset + (indices[k] as number) * files.recordBytes;
      readFully(
        files.images,
        fd,
        pixels.subarray(k * files.recordBytes, k * files.recordBytes + bytes),
        at,
      );
      k += run;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function readLabels(files: SplitFiles): Int32Array {
  const raw = readSpan(files.labels, files.labelsOffset, files.count * files.labelBytes);
  const out = new Int32Array(files.count);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < files.count; i++)
    out[i] = files.labelBytes === 1 ? (raw[i] as number) : view.getUint16(2 * i, true);
  return out;
}

function readSpan(file: string, offset: number, length: number): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = new Uint8Array(length);
    readFully(file, fd, buffer, offset);
    return buffer;
  } finally {
    fs.closeSync(fd);
  }
}

function readFully(file: string, fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error(`${file}: unexpected end of file at byte ${position + done}`);
    done += n;
  }
}
