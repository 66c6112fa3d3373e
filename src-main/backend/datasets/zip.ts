import { isMdmError } from '#shared/errors';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { subSource, type ByteSource } from './byte-source';
import { datasetError } from './errors';
import { streamToFile, type InflateOptions } from './inflate';

/** One file in a zip archive's central directory (yauzl reads it, zip64 included). */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** yauzl's entry, to open the data with. */
  raw: yauzl.Entry;
}

/** yauzl reads a ByteSource (a whole file or a stored entry of an outer zip) through this. */
class SourceRangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly src: ByteSource) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return fs.createReadStream(this.src.file, {
      start: this.src.offset + start,
      end: this.src.offset + end - 1,
    });
  }
}

function zipError(label: string, error: unknown): unknown {
  if (isMdmError(error) || !(error instanceof Error)) return error;
  if ((error as NodeJS.ErrnoException).syscall) return error;
  if (/end of central directory record signature not found/i.test(error.message))
    return datasetError(label, 'not a zip archive (no end-of-central-directory record)');
  return datasetError(label, `corrupt zip archive (${error.message})`);
}

async function openZip(src: ByteSource): Promise<yauzl.ZipFile> {
  return yauzl
    .fromRandomAccessReaderPromise(new SourceRangeReader(src), src.size, {
      lazyEntries: true,
      autoClose: false,
      strictFileNames: false,
    })
    .catch((error: unknown) => {
      throw zipError(src.label, error);
    });
}

/** Reads the central directory of a zip archive. */
export async function listZip(src: ByteSource): Promise<ZipEntry[]> {
  const zip = await openZip(src);
  try {
    const entries: ZipEntry[] = [];
    for await (const raw of zip.eachEntry()) {
      if (raw.fileName.endsWith('/')) continue;
      entries.push({
        name: raw.fileName,
        method: raw.compressionMethod,
        compressedSize: raw.compressedSize,
        size: raw.uncompressedSize,
        crc32: raw.crc32,
        raw,
      });
    }
    return entries;
  } catch (error) {
    throw zipError(src.label, error);
  } finally {
    zip.close();
  }
}

/** Passes bytes through, computing their CRC-32; checks it against `expected` at the end. */
function crcCheck(expected: number, label: string): Transform {
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      crc = zlib.crc32(chunk, crc);
      done(null, chunk);
    },
    flush(done) {
      done(
        crc === expected
          ? null
          : datasetError(
              label,
              `CRC-32 mismatch: ${hex(crc)}, the zip directory says ${hex(expected)}`,
            ),
      );
    },
  });
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * The entry's bytes as a source, CRC-checked: a range of the archive if stored, else inflated
 * into `scratchDir`.
 */
export async function zipEntrySource(
  src: ByteSource,
  entry: ZipEntry,
  scratchDir: string,
  options: InflateOptions = {},
): Promise<ByteSource> {
  const label = `${src.label}:${entry.name}`;
  if (entry.raw.isEncrypted()) throw datasetError(label, 'encrypted zip entries are not supported');
  if (entry.method !== 0 && entry.method !== 8)
    throw datasetError(label, `unsupported zip compression method ${entry.method}`);
  const zip = await openZip(src);
  try {
    const data = await zip.openReadStreamPromise(entry.raw).catch((error: unknown) => {
      throw zipError(label, error);
    });
    const info = { ...options, label, format: 'deflate', total: entry.size };
    if (entry.method === 0) {
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry.raw, { minimal: true });
      await streamToFile(data, null, info, crcCheck(entry.crc32, label));
      return subSource(src, fileDataStart, entry.size, label);
    }
    const dest = path.join(
      scratchDir,
      `${path.basename(entry.name)}.${Date.now()}.${Math.random().toString(36).slice(2)}`,
    );
    await streamToFile(data, dest, info, crcCheck(entry.crc32, label));
    return { file: dest, offset: 0, size: entry.size, label };
  } catch (error) {
    throw zipError(label, error);
  } finally {
    zip.close();
  }
}
