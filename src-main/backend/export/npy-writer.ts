// Our own writer: npm's npy packages (npyjs, numpy-parser) only read; format 1.0 is a padded header
// and the raw little-endian values, checked against our reader (datasets/npy.ts) in the tests.

const MAGIC = Buffer.from('\x93NUMPY', 'latin1');

/** A float32 array as an .npy file (format 1.0, '<f4', C order); numpy pads the header so data starts at a multiple of 64. */
export function encodeNpy(values: Float32Array, shape: readonly number[]): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) {
    throw new Error(`encodeNpy: ${values.length} values for shape (${shape.join(', ')})`);
  }
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = MAGIC.length + 4 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = Buffer.alloc(MAGIC.length + 4 + header.length + values.length * 4);
  MAGIC.copy(out, 0);
  out[6] = 1; // version 1.0
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  const dataAt = 10 + header.length;
  values.forEach((v, i) => out.writeFloatLE(v, dataAt + i * 4));
  return out;
}
