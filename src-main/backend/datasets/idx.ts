import { readRange, type ByteSource } from './byte-source';
import { datasetError } from './errors';

/** The header of an idx file (LeCun's MNIST format): big-endian dims, then unsigned bytes. */
export interface IdxHeader {
  dims: number[];
  dataOffset: number;
}

const UBYTE = 0x08;

/** Reads and checks an idx header: magic 0x0000 08 <ndims>, dims, and that the size matches exactly. */
export async function readIdxHeader(src: ByteSource, ndims: number): Promise<IdxHeader> {
  const expectedMagic = (UBYTE << 8) | ndims;
  const dataOffset = 4 + 4 * ndims;
  if (src.size < 4)
    throw datasetError(src.label, `truncated idx file: ${src.size} bytes, no header`);
  const head = await readRange(src, 0, Math.min(src.size, dataOffset));
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expectedMagic) {
    throw datasetError(
      src.label,
      `wrong magic number 0x${hex(magic)}, expected 0x${hex(expectedMagic)} (idx unsigned bytes, ${ndims}-D)`,
    );
  }
  if (head.byteLength < dataOffset)
    throw datasetError(src.label, 'truncated idx file: header cut short');
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
  const expected = dataOffset + dims.reduce((a, b) => a * b, 1);
  if (src.size < expected) {
    throw datasetError(
      src.label,
      `truncated idx file: dims ${dims.join('×')} need ${expected} bytes, file has ${src.size}`,
    );
  }
  if (src.size > expected) {
    throw datasetError(
      src.label,
      `idx file has ${src.size - expected} unexpected trailing bytes after ${dims.join('×')} values`,
    );
  }
  return { dims, dataOffset };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
