import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  SourceReader,
  fileSource,
  readRange,
} from '../../../src-main/backend/datasets/byte-source';
import { readIntegers, readNpy, readUint8Rows } from '../../../src-main/backend/datasets/npy';
import { listTar } from '../../../src-main/backend/datasets/tar';
import { listZip, zipEntrySource } from '../../../src-main/backend/datasets/zip';
import { int64Bytes, npyFile, tarFile, toFortran, zipFile } from './helpers/formats';
import { put, useTempDir } from './helpers/temp';

const temp = useTempDir();
const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

describe('tar reader', () => {
  it('lists regular members with their exact bytes, including GNU long names', async () => {
    const long = `${'d'.repeat(90)}/${'f'.repeat(30)}.bin`;
    const file = put(
      temp(),
      'a.tar',
      tarFile([
        { name: 'dir/one.bin', data: bytes(700, 1) },
        { name: long, data: bytes(512, 2) },
        { name: 'empty', data: new Uint8Array(0) },
      ]),
    );
    const members = await listTar(await fileSource(file));
    expect(members.map((m) => m.name)).toEqual(['dir/one.bin', long, 'empty']);
    const m0 = members[0]!;
    expect(await readRange(m0.source, 0, 700)).toEqual(bytes(700, 1));
    expect(await readRange(members[1]!.source, 0, 512)).toEqual(bytes(512, 2));
  });

  it('rejects a file that is not a tar archive', async () => {
    const file = put(temp(), 'x.tar', bytes(2048, 3));
    await expect(listTar(await fileSource(file))).rejects.toThrow(
      `${file}: not a tar archive (bad header checksum)`,
    );
  });
});

describe('zip reader', () => {
  for (const zip64 of [false, true]) {
    it(`reads stored and deflated entries exactly${zip64 ? ' (zip64)' : ''}`, async () => {
      const dir = temp();
      const file = put(
        dir,
        'a.zip',
        zipFile(
          [
            { name: 'stored.bin', data: bytes(1000, 4) },
            { name: 'sub/deflated.bin', data: bytes(5000, 5), deflate: true },
          ],
          { zip64 },
        ),
      );
      const src = await fileSource(file);
      const entries = await listZip(src);
      expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
        ['stored.bin', 0, 1000],
        ['sub/deflated.bin', 8, 5000],
      ]);
      const stored = await zipEntrySource(src, entries[0]!, dir);
      expect(stored.file).toBe(file);
      expect(await readRange(stored, 0, 1000)).toEqual(bytes(1000, 4));
      const inflated = await zipEntrySource(src, entries[1]!, dir);
      expect(inflated.label).toBe(`${file}:sub/deflated.bin`);
      expect(await readRange(inflated, 0, 5000)).toEqual(bytes(5000, 5));
    });
  }

  for (const deflate of [false, true]) {
    it(`rejects a ${deflate ? 'deflated' : 'stored'} entry whose CRC-32 does not match`, async () => {
      const dir = temp();
      const data = bytes(3000, 10);
      const file = put(
        dir,
        'crc.zip',
        zipFile([{ name: 'a.bin', data, deflate, crc32: 0x12345678 }]),
      );
      const src = await fileSource(file);
      const [entry] = await listZip(src);
      await expect(zipEntrySource(src, entry!, dir)).rejects.toThrow(
        `${file}:a.bin: CRC-32 mismatch: 0x${zlib.crc32(data).toString(16).padStart(8, '0')}, the zip directory says 0x12345678`,
      );
    });
  }

  it('rejects a file that is not a zip', async () => {
    const file = put(temp(), 'x.zip', bytes(300, 6));
    await expect(listZip(await fileSource(file))).rejects.toThrow(
      `${file}: not a zip archive (no end-of-central-directory record)`,
    );
  });
});

describe('npy reader', () => {
  for (const version of [1, 2, 3] as const) {
    it(`parses a version ${version} header, dtype and shape`, async () => {
      const file = put(
        temp(),
        'a.npy',
        npyFile({ descr: '<i8', shape: [4], data: int64Bytes([1, -2, 3, 1000]), version }),
      );
      const array = await readNpy(await fileSource(file));
      expect(array.dtype).toEqual({ descr: '<i8', kind: 'i', itemSize: 8, littleEndian: true });
      expect(array.shape).toEqual([4]);
      expect(Array.from(await readIntegers(array, file))).toEqual([1, -2, 3, 1000]);
    });
  }

  it('reads C-order rows back from Fortran-order storage', async () => {
    const rows = 5;
    const columns = 7;
    const data = bytes(rows * columns, 7);
    const dir = temp();
    const c = await readNpy(
      await fileSource(put(dir, 'c.npy', npyFile({ descr: '|u1', shape: [rows, columns], data }))),
    );
    const f = await readNpy(
      await fileSource(
        put(
          dir,
          'f.npy',
          npyFile({
            descr: '|u1',
            shape: [rows, columns],
            data: toFortran(data, rows, columns),
            fortran: true,
          }),
        ),
      ),
    );
    expect(f.fortranOrder).toBe(true);
    for (const array of [c, f]) {
      const reader = await SourceReader.open(array.data);
      expect(await readUint8Rows(array, reader, 1, 3)).toEqual(data.subarray(columns, 4 * columns));
      await reader.close();
    }
  });

  it('reads big-endian and unsigned label dtypes', async () => {
    const be = Buffer.alloc(6);
    [1, 500, 65535].forEach((v, i) => be.writeUInt16BE(v, 2 * i));
    const file = put(temp(), 'b.npy', npyFile({ descr: '>u2', shape: [3], data: be }));
    expect(Array.from(await readIntegers(await readNpy(await fileSource(file)), file))).toEqual([
      1, 500, 65535,
    ]);
  });

  it('names the file when the data is shorter than dtype × shape', async () => {
    const file = put(
      temp(),
      't.npy',
      npyFile({ descr: '|u1', shape: [2, 3072], data: bytes(3072, 8) }),
    );
    await expect(readNpy(await fileSource(file))).rejects.toThrow(
      `${file}: truncated npy data: shape (2, 3072) of |u1 needs 6144 bytes, has 3072`,
    );
  });

  it('rejects bad magic and structured dtypes', async () => {
    const dir = temp();
    const bad = put(dir, 'bad.npy', bytes(100, 9));
    await expect(readNpy(await fileSource(bad))).rejects.toThrow(
      `${bad}: not an npy file (bad magic)`,
    );
    const structured = put(
      dir,
      's.npy',
      npyFile({ descr: '<c16', shape: [1], data: new Uint8Array(16) }),
    );
    await expect(readNpy(await fileSource(structured))).rejects.toThrow(
      `${structured}: unsupported npy dtype '<c16'`,
    );
  });
});

describe('real numpy output', () => {
  const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
  for (const name of ['numpy-savez.npz', 'numpy-savez-compressed-fortran.npz']) {
    it(`reads ${name}`, async () => {
      const src = await fileSource(fixture(name));
      const entries = await listZip(src);
      const array = async (key: string) =>
        readNpy(
          await zipEntrySource(
            src,
            entries.find((e) => e.name === `${key}.npy`)!,
            temp(),
          ),
        );
      const data = await array('data');
      expect(data.shape).toEqual([2, 3072]);
      expect(Array.from(await readIntegers(await array('labels'), name))).toEqual([1, 1000]);
      const reader = await SourceReader.open(data.data);
      const rows = await readUint8Rows(data, reader, 0, 2);
      await reader.close();
      expect(rows).toEqual(Uint8Array.from({ length: 2 * 3072 }, (_, i) => i % 251));
    });
  }
});
