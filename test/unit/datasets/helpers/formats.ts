import zlib from 'node:zlib';

/** Writers of the real file formats, for tests: a few records each, built byte by byte. */

/** An idx file of unsigned bytes with the given dims (magic 0x0000 08 <ndims>). */
export function idxFile(dims: number[], data: Uint8Array, magic = 0x0800 | dims.length): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

/** Deterministic pixel bytes for record k. */
export function pixelsOf(k: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, p) => (k * 37 + p * 11 + ((p * p) >> 3)) & 255);
}

/** A CIFAR-10 binary batch: per record 1 label byte, then R, G, B planes of 1024 bytes. */
export function cifarBatch(labels: number[], first = 0): Buffer {
  return Buffer.concat(
    labels.map((label, k) => Buffer.concat([Buffer.of(label), pixelsOf(first + k, 3072)])),
  );
}

/** Channel-planar [3, 32, 32] → HWC [32, 32, 3], the reference conversion. */
export function planarToHwcReference(planar: Uint8Array): Uint8Array {
  const out = new Uint8Array(3072);
  for (let y = 0; y < 32; y++)
    for (let x = 0; x < 32; x++)
      for (let c = 0; c < 3; c++)
        out[(y * 32 + x) * 3 + c] = planar[c * 1024 + y * 32 + x] as number;
  return out;
}

/** A ustar archive; names over 100 bytes go first as GNU 'L' records. */
export function tarFile(entries: { name: string; data: Uint8Array }[]): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: string): Buffer => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write(type, 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    h.fill(32, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  };
  const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);
  for (const { name, data } of entries) {
    if (name.length > 100) {
      const longName = Buffer.from(`${name}\0`);
      blocks.push(header('././@LongLink', longName.length, 'L'), longName, pad(longName.length));
    }
    blocks.push(header(name, data.length, '0'), Buffer.from(data), pad(data.length));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export interface ZipInput {
  name: string;
  data: Uint8Array;
  deflate?: boolean;
  /** A CRC-32 to record instead of the data's, to build a corrupt archive. */
  crc32?: number;
}

/** A zip archive; with `zip64` every size/offset goes through zip64 extra fields and end records. */
export function zipFile(entries: ZipInput[], options: { zip64?: boolean } = {}): Buffer {
  const zip64 = options.zip64 === true;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = entry.deflate ? zlib.deflateRawSync(entry.data) : Buffer.from(entry.data);
    const crc = entry.crc32 ?? zlib.crc32(entry.data);
    const extra = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(entry.data.length), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const field = (v: number) => (zip64 ? 0xffffffff : v);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(field(body.length), 18);
    local.writeUInt32LE(field(entry.data.length), 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(zip64 ? 45 : 20, 4); // version made by
    local.copy(central, 6, 4, 30); // from "version needed" to the extra length, as in the local header
    central.writeUInt32LE(field(offset), 42);
    locals.push(local, name, extra, body);
    centrals.push(central, name, extra);
    offset += 30 + name.length + extra.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(cd.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  eocd.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(zip64 ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, cd, ...tail, eocd]);
}

export interface NpyInput {
  descr: string;
  shape: number[];
  data: Uint8Array;
  fortran?: boolean;
  version?: 1 | 2 | 3;
}

/** An .npy file: magic, version, header dict padded to 64 bytes, raw data. */
export function npyFile({ descr, shape, data, fortran = false, version = 1 }: NpyInput): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  dict += ' '.repeat(63 - ((prefix + dict.length) % 64)) + '\n';
  const head = Buffer.alloc(prefix);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = version;
  head[7] = 0;
  if (version === 1) head.writeUInt16LE(dict.length, 8);
  else head.writeUInt32LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, version === 3 ? 'utf8' : 'latin1'), data]);
}

/** Little-endian int64 bytes of the values (numpy's default label dtype '<i8'). */
export function int64Bytes(values: number[]): Uint8Array {
  const out = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => out.writeBigInt64LE(BigInt(v), 8 * i));
  return out;
}

/** Row-major [rows, columns] bytes re-laid in Fortran (column-major) order. */
export function toFortran(data: Uint8Array, rows: number, columns: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) out[c * rows + r] = data[r * columns + c] as number;
  return out;
}

/** An ImageNet32-style npz: `data` (N, 3072) uint8 channel-planar from pixelsOf, `labels` int64. */
export function imagenetNpz(
  labels: number[],
  first: number,
  options: { deflate?: boolean; fortran?: boolean } = {},
): Buffer {
  const rows = Buffer.concat(labels.map((_, k) => pixelsOf(first + k, 3072)));
  const data = npyFile({
    descr: '|u1',
    shape: [labels.length, 3072],
    data: options.fortran ? toFortran(rows, labels.length, 3072) : rows,
    fortran: options.fortran,
  });
  const labelArray = npyFile({ descr: '<i8', shape: [labels.length], data: int64Bytes(labels) });
  return zipFile([
    { name: 'data.npy', data, deflate: options.deflate },
    { name: 'labels.npy', data: labelArray, deflate: options.deflate },
  ]);
}
