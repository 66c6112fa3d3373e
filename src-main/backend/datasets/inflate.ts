import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { readRange, type ByteSource } from './byte-source';
import { DatasetError, ImportCancelledError, fsError } from './errors';

export interface InflateOptions {
  signal?: AbortSignal;
  /** Compressed bytes consumed so far, of src.size. */
  onProgress?: (done: number, total: number) => void;
}

/** Whether the source starts with the gzip magic bytes 1f 8b. */
export async function isGzip(src: ByteSource): Promise<boolean> {
  if (src.size < 2) return false;
  const head = await readRange(src, 0, 2);
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** Streams a gzip file or a raw-deflate range (a zip entry) into `dest` without holding it in memory. */
export async function inflateToFile(
  src: ByteSource,
  format: 'gzip' | 'deflate',
  dest: string,
  options: InflateOptions = {},
): Promise<void> {
  const input = fs.createReadStream(src.file, {
    start: src.offset,
    end: src.offset + Math.max(0, src.size - 1),
  });
  let done = 0;
  input.on('data', (chunk) => {
    done += chunk.length;
    options.onProgress?.(done, src.size);
  });
  const inflater = format === 'gzip' ? zlib.createGunzip() : zlib.createInflateRaw();
  try {
    await pipeline(input, inflater, fs.createWriteStream(dest), { signal: options.signal });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.name === 'AbortError') throw new ImportCancelledError();
    if (e.code?.startsWith('Z_') || e.code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
      throw new DatasetError(src.label, `corrupt ${format} data (${e.message})`);
    }
    throw e.path === dest || e.syscall === 'write'
      ? fsError(dest, e, 'decompressing')
      : fsError(src.label, e);
  }
}
