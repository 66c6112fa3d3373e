import fs from 'node:fs';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { readRange, type ByteSource } from './byte-source';
import { datasetError, importCancelled, fsError } from './errors';

export interface InflateOptions {
  signal?: AbortSignal;
  /** Bytes read so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
  /** Most bytes the output may have: past it the import stops, so a bomb cannot fill the disk. */
  maxBytes?: number;
}

/** Whether the source starts with the gzip magic bytes 1f 8b. */
export async function isGzip(src: ByteSource): Promise<boolean> {
  if (src.size < 2) return false;
  const head = await readRange(src, 0, 2);
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** A readable stream of a source's bytes. */
export function sourceStream(src: ByteSource): Readable {
  return fs.createReadStream(src.file, {
    start: src.offset,
    end: src.offset + Math.max(0, src.size - 1),
  });
}

/** Where a stream comes from, for progress and for error messages ("corrupt gzip data"). */
export interface StreamInfo extends InflateOptions {
  label: string;
  format: string;
  total: number;
}

/**
 * Pipes `input` through `transforms` into `dest` (or nowhere, to only check it), reporting the
 * input bytes read; zlib, cancel and file-system errors become one-line errors naming the source.
 */
export async function streamToFile(
  input: Readable,
  dest: string | null,
  info: StreamInfo,
  ...transforms: Transform[]
): Promise<void> {
  const { label, signal } = info;
  let done = 0;
  input.on('data', (chunk: Buffer) => {
    done += chunk.length;
    info.onProgress?.(done, info.total);
  });
  const sink =
    dest === null
      ? new Writable({ write: (_chunk, _encoding, next) => next() })
      : fs.createWriteStream(dest);
  try {
    await pipeline([input, ...transforms, sink], { signal });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.name === 'AbortError') throw importCancelled();
    if (e.code?.startsWith('Z_') || e.code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
      throw datasetError(label, `corrupt ${info.format} data (${e.message})`);
    }
    if (dest !== null && (e.path === dest || e.syscall === 'write'))
      throw fsError(dest, e, 'decompressing');
    throw fsError(label, e);
  }
}

/** Streams a gzip file into `dest` without holding it in memory. */
export async function gunzipToFile(
  src: ByteSource,
  dest: string,
  options: InflateOptions = {},
): Promise<void> {
  const info = { ...options, label: src.label, format: 'gzip', total: src.size };
  const transforms: Transform[] = [zlib.createGunzip()];
  if (options.maxBytes !== undefined) transforms.push(byteCap(src.label, options.maxBytes));
  await streamToFile(sourceStream(src), dest, info, ...transforms);
}

/** Passes bytes through until more than `max` have gone by, then fails naming the source. */
export function byteCap(label: string, max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, next) {
      seen += chunk.length;
      if (seen > max)
        next(
          datasetError(label, `inflates to more than ${max} bytes: refused as damaged or hostile`),
        );
      else next(null, chunk);
    },
  });
}
