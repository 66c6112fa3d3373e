import fs from 'node:fs/promises';
import { datasetError, fsError } from './errors';

/** A byte range of a file (a whole file, a tar member, a stored zip entry), read with positional reads. */
export interface ByteSource {
  file: string;
  offset: number;
  size: number;
  /** What error messages call it, e.g. `archive.zip:val_data.npz`. */
  label: string;
}

/** A whole regular file as a source; a missing path or a directory is a dataset error. */
export async function fileSource(file: string): Promise<ByteSource> {
  const stat = await fs.stat(file).catch((error: unknown) => {
    throw fsError(file, error);
  });
  if (!stat.isFile()) throw datasetError(file, 'not a regular file');
  return { file, offset: 0, size: stat.size, label: file };
}

/** A sub-range of a source, named `label`. */
export function subSource(src: ByteSource, at: number, size: number, label: string): ByteSource {
  if (at < 0 || at + size > src.size) {
    throw datasetError(src.label, `truncated: ${label} needs bytes ${at}..${at + size}`);
  }
  return { file: src.file, offset: src.offset + at, size, label };
}

/** An open source: exact positional reads of ranges, truncation reported as a dataset error. */
export class SourceReader {
  private constructor(
    readonly src: ByteSource,
    private readonly handle: fs.FileHandle,
  ) {}

  static async open(src: ByteSource): Promise<SourceReader> {
    const handle = await fs.open(src.file, 'r').catch((error: unknown) => {
      throw fsError(src.label, error);
    });
    return new SourceReader(src, handle);
  }

  /** Reads exactly `length` bytes at `at` (relative to the source) into `into` or a new buffer. */
  async read(at: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    if (at + length > this.src.size) {
      throw datasetError(
        this.src.label,
        `truncated: expected ${at + length} bytes, file has ${this.src.size}`,
      );
    }
    const buffer = into ?? new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle
        .read(buffer, done, length - done, this.src.offset + at + done)
        .catch((error: unknown) => {
          throw fsError(this.src.label, error, 'reading');
        });
      if (bytesRead === 0)
        throw datasetError(this.src.label, 'truncated: file shrank while reading');
      done += bytesRead;
    }
    return buffer;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Reads one range of a source, opening and closing it. */
export async function readRange(src: ByteSource, at: number, length: number): Promise<Uint8Array> {
  const reader = await SourceReader.open(src);
  try {
    return await reader.read(at, length);
  } finally {
    await reader.close();
  }
}
