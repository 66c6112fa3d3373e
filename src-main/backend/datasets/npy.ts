import { readRange, subSource, type ByteSource, type SourceReader } from './byte-source';
import type { MdmError } from '#shared/errors';
import { datasetError } from './errors';

// Our own reader: npm's npy packages load whole arrays into memory; this one reads rows in place from
// a file range (a stored npz entry) so an ImageNet batch (hundreds of MB) never has to fit in RAM.

/** A numpy dtype string such as '|u1' or '<i8', decoded. */
export interface NpyDtype {
  descr: string;
  kind: 'u' | 'i' | 'f' | 'b';
  itemSize: number;
  littleEndian: boolean;
}

/** An .npy array: header fields and the source of its raw data. */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  fortranOrder: boolean;
  data: ByteSource;
}

const MAGIC = '\x93NUMPY';

/** Parses an .npy header (format versions 1, 2 and 3) and checks the data size against dtype × shape. */
export async function readNpy(src: ByteSource): Promise<NpyArray> {
  const fail = (problem: string): MdmError => datasetError(src.label, problem);
  if (src.size < 10) throw fail('not an npy file (too short)');
  const pre = await readRange(src, 0, 12 <= src.size ? 12 : 10);
  if (Buffer.from(pre.subarray(0, 6)).toString('latin1') !== MAGIC)
    throw fail('not an npy file (bad magic)');
  const major = pre[6] as number;
  if (major < 1 || major > 3) throw fail(`unsupported npy format version ${major}.${pre[7]}`);
  const v = new DataView(pre.buffer, pre.byteOffset, pre.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  if (pre.length < headerStart) throw fail('truncated npy header');
  const headerLength = major === 1 ? v.getUint16(8, true) : v.getUint32(8, true);
  const headerBytes = await readRange(
    subSource(src, headerStart, headerLength, src.label),
    0,
    headerLength,
  );
  const header = Buffer.from(headerBytes).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw fail(`unreadable npy header ${JSON.stringify(header.trim())}`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0))
    throw fail(`bad npy shape (${shapeText})`);
  const dtype = parseDtype(descr, src.label);
  const dataAt = headerStart + headerLength;
  const dataBytes = shape.reduce((a, b) => a * b, 1) * dtype.itemSize;
  if (src.size - dataAt < dataBytes) {
    throw fail(
      `truncated npy data: shape (${shape.join(', ')}) of ${descr} needs ${dataBytes} bytes, has ${src.size - dataAt}`,
    );
  }
  return {
    dtype,
    shape,
    fortranOrder: fortran === 'True',
    data: subSource(src, dataAt, dataBytes, src.label),
  };
}

function parseDtype(descr: string, label: string): NpyDtype {
  const m = /^([<>|=])([uifb])(\d+)$/.exec(descr);
  if (!m) throw datasetError(label, `unsupported npy dtype '${descr}'`);
  return {
    descr,
    kind: m[2] as NpyDtype['kind'],
    itemSize: Number(m[3]),
    littleEndian: m[1] !== '>',
  };
}

/** Reads a 1-D integer array (e.g. labels) of any integer dtype into numbers. */
export async function readIntegers(array: NpyArray, label: string): Promise<Float64Array> {
  const { kind, itemSize, littleEndian } = array.dtype;
  if ((kind !== 'u' && kind !== 'i') || ![1, 2, 4, 8].includes(itemSize)) {
    throw datasetError(label, `has dtype '${array.dtype.descr}', expected an integer dtype`);
  }
  const n = array.shape.reduce((a, b) => a * b, 1);
  const raw = await readRange(array.data, 0, n * itemSize);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float64Array(n);
  const signed = kind === 'i';
  for (let i = 0; i < n; i++) {
    const at = i * itemSize;
    if (itemSize === 1) out[i] = signed ? v.getInt8(at) : v.getUint8(at);
    else if (itemSize === 2)
      out[i] = signed ? v.getInt16(at, littleEndian) : v.getUint16(at, littleEndian);
    else if (itemSize === 4)
      out[i] = signed ? v.getInt32(at, littleEndian) : v.getUint32(at, littleEndian);
    else
      out[i] = Number(signed ? v.getBigInt64(at, littleEndian) : v.getBigUint64(at, littleEndian));
  }
  return out;
}

/** Reads rows [start, start + count) of a 2-D uint8 array in C order, whether stored in C or Fortran order. */
export async function readUint8Rows(
  array: NpyArray,
  reader: SourceReader,
  start: number,
  count: number,
): Promise<Uint8Array> {
  const [rows = 0, columns = 0] = array.shape;
  if (!array.fortranOrder) return reader.read(start * columns, count * columns);
  const out = new Uint8Array(count * columns);
  const column = new Uint8Array(count);
  for (let j = 0; j < columns; j++) {
    await reader.read(j * rows + start, count, column);
    for (let r = 0; r < count; r++) out[r * columns + j] = column[r] as number;
  }
  return out;
}
