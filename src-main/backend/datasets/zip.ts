import path from 'node:path';
import { fileSource, readRange, subSource, type ByteSource } from './byte-source';
import { DatasetError } from './errors';
import { inflateToFile, type InflateOptions } from './inflate';

/** One file in a zip archive's central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const SIG = {
  eocd: 0x06054b50,
  zip64Locator: 0x07064b50,
  zip64Eocd: 0x06064b50,
  central: 0x02014b50,
  local: 0x04034b50,
};
const EOCD_SIZE = 22;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(v: DataView, at: number, label: string): number {
  const value = v.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new DatasetError(label, 'zip64 size beyond 2^53 bytes');
  return Number(value);
}

/** Reads the central directory (zip64 included) of a zip archive. */
export async function listZip(src: ByteSource): Promise<ZipEntry[]> {
  const notZip = new DatasetError(
    src.label,
    'not a zip archive (no end-of-central-directory record)',
  );
  if (src.size < EOCD_SIZE) throw notZip;
  const tailLength = Math.min(src.size, EOCD_SIZE + U16_MAX);
  const tail = await readRange(src, src.size - tailLength, tailLength);
  const tv = view(tail);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0 && eocd < 0; i--)
    if (tv.getUint32(i, true) === SIG.eocd) eocd = i;
  if (eocd < 0) throw notZip;
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  if (count === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
    ({ count, cdSize, cdOffset } = await readZip64End(src, src.size - tailLength + eocd));
  }
  const cd = view(
    await readRange(
      subSource(src, cdOffset, cdSize, `${src.label} (central directory)`),
      0,
      cdSize,
    ),
  );
  const entries: ZipEntry[] = [];
  for (let at = 0, i = 0; i < count; i++) {
    if (at + 46 > cdSize || cd.getUint32(at, true) !== SIG.central) {
      throw new DatasetError(src.label, `corrupt zip central directory at entry ${i}`);
    }
    const nameLength = cd.getUint16(at + 28, true);
    const extraLength = cd.getUint16(at + 30, true);
    const commentLength = cd.getUint16(at + 32, true);
    const name = Buffer.from(cd.buffer, cd.byteOffset + at + 46, nameLength).toString('utf8');
    const entry: ZipEntry = {
      name,
      flags: cd.getUint16(at + 8, true),
      method: cd.getUint16(at + 10, true),
      compressedSize: cd.getUint32(at + 20, true),
      size: cd.getUint32(at + 24, true),
      localHeaderOffset: cd.getUint32(at + 42, true),
    };
    applyZip64Extra(
      entry,
      new DataView(cd.buffer, cd.byteOffset + at + 46 + nameLength, extraLength),
      src.label,
    );
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function readZip64End(
  src: ByteSource,
  eocdAt: number,
): Promise<{ count: number; cdSize: number; cdOffset: number }> {
  if (eocdAt < 20) throw new DatasetError(src.label, 'corrupt zip64 archive (no zip64 locator)');
  const locator = view(await readRange(src, eocdAt - 20, 20));
  if (locator.getUint32(0, true) !== SIG.zip64Locator)
    throw new DatasetError(src.label, 'corrupt zip64 archive (no zip64 locator)');
  const recordAt = u64(locator, 8, src.label);
  const record = view(
    await readRange(subSource(src, recordAt, 56, `${src.label} (zip64 end record)`), 0, 56),
  );
  if (record.getUint32(0, true) !== SIG.zip64Eocd)
    throw new DatasetError(src.label, 'corrupt zip64 end-of-central-directory record');
  return {
    count: u64(record, 32, src.label),
    cdSize: u64(record, 40, src.label),
    cdOffset: u64(record, 48, src.label),
  };
}

/** The zip64 extended-information extra field (id 1) replaces the 32-bit fields that are saturated. */
function applyZip64Extra(entry: ZipEntry, extra: DataView, label: string): void {
  for (let at = 0; at + 4 <= extra.byteLength;) {
    const id = extra.getUint16(at, true);
    const length = extra.getUint16(at + 2, true);
    if (id === 1) {
      let p = at + 4;
      const next = (): number => {
        if (p + 8 > at + 4 + length)
          throw new DatasetError(label, `corrupt zip64 extra field of ${entry.name}`);
        const value = u64(extra, p, label);
        p += 8;
        return value;
      };
      if (entry.size === U32_MAX) entry.size = next();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
      if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = next();
    }
    at += 4 + length;
  }
}

/** The entry's bytes as a source: a range of the archive if stored, else inflated into `scratchDir`. */
export async function zipEntrySource(
  src: ByteSource,
  entry: ZipEntry,
  scratchDir: string,
  options: InflateOptions = {},
): Promise<ByteSource> {
  const label = `${src.label}:${entry.name}`;
  if (entry.flags & 1) throw new DatasetError(label, 'encrypted zip entries are not supported');
  const local = view(await readRange(subSource(src, entry.localHeaderOffset, 30, label), 0, 30));
  if (local.getUint32(0, true) !== SIG.local)
    throw new DatasetError(label, 'corrupt zip local header');
  const dataAt =
    entry.localHeaderOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const compressed = subSource(src, dataAt, entry.compressedSize, label);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size)
      throw new DatasetError(label, 'stored entry with differing sizes');
    return compressed;
  }
  if (entry.method !== 8)
    throw new DatasetError(label, `unsupported zip compression method ${entry.method}`);
  const dest = path.join(
    scratchDir,
    `${path.basename(entry.name)}.${Date.now()}.${Math.random().toString(36).slice(2)}`,
  );
  await inflateToFile(compressed, 'deflate', dest, options);
  const inflated = await fileSource(dest);
  if (inflated.size !== entry.size) {
    throw new DatasetError(
      label,
      `inflates to ${inflated.size} bytes, the zip directory says ${entry.size}`,
    );
  }
  return { ...inflated, label };
}
