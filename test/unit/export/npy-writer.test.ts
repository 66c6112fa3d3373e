import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNpy } from '../../../src-main/backend/export/npy-writer';
import { readNpy } from '../../../src-main/backend/datasets/npy';
import { fileSource, readRange } from '../../../src-main/backend/datasets/byte-source';

/** The header dict text and where the data starts, read by hand per the numpy format spec. */
function header(bytes: Buffer): { dict: string; dataAt: number } {
  const length = bytes.readUInt16LE(8);
  return { dict: bytes.subarray(10, 10 + length).toString('latin1'), dataAt: 10 + length };
}

describe('encodeNpy', () => {
  const points = Float32Array.from([0.5, -1.25, 3.1415927, 1e-8, -0, 42]);

  it('writes magic, version 1.0 and a dict of <f4, C order and the shape, padded to 64 bytes', () => {
    const bytes = encodeNpy(points, [3, 2]);
    expect(bytes.subarray(0, 6)).toEqual(Buffer.from('\x93NUMPY', 'latin1'));
    expect([bytes[6], bytes[7]]).toEqual([1, 0]);
    const { dict, dataAt } = header(bytes);
    expect(dataAt % 64).toBe(0);
    expect(dict).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3, 2\), \} *\n$/);
    expect(bytes.length).toBe(dataAt + 4 * points.length);
    expect(bytes.readFloatLE(dataAt + 8)).toBe(points[2]);
  });

  it('writes a one-dimensional shape as a tuple with a trailing comma, and an empty array', () => {
    expect(header(encodeNpy(points, [6])).dict).toContain(`'shape': (6,), }`);
    const empty = encodeNpy(new Float32Array(0), [0, 2]);
    expect(header(empty).dict).toContain(`'shape': (0, 2), }`);
    expect(empty.length % 64).toBe(0);
  });

  it('reads back through our npy reader value for value', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'npy-')), 'points.npy');
    writeFileSync(file, encodeNpy(points, [3, 2]));
    const array = await readNpy(await fileSource(file));
    expect([array.dtype.descr, array.fortranOrder, array.shape]).toEqual(['<f4', false, [3, 2]]);
    const data = await readRange(array.data, 0, array.data.size);
    expect(new Float32Array(new Uint8Array(data).buffer)).toEqual(points);
  });

  it('refuses a shape that does not match the values', () => {
    expect(() => encodeNpy(points, [4, 2])).toThrow('6 values for shape (4, 2)');
  });
});
