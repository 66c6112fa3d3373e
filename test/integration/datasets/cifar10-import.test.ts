import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importDataset, openDataset } from '../../../src-main/backend/datasets/index';
import {
  cifarBatch,
  pixelsOf,
  planarToHwcReference,
  tarFile,
} from '../../unit/datasets/helpers/formats';
import { put, useTempDir } from '../../unit/datasets/helpers/temp';

const temp = useTempDir();
const TRAIN = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);

/** Writes a tiny CIFAR-10: batch i holds i records (labels k % 10), test_batch holds 2. */
function cifarFiles(): { name: string; data: Buffer }[] {
  let first = 0;
  const files = TRAIN.map((name, i) => {
    const data = cifarBatch(
      Array.from({ length: i + 1 }, (_, k) => (first + k) % 10),
      first,
    );
    first += i + 1;
    return { name, data };
  });
  return [...files, { name: 'test_batch.bin', data: cifarBatch([3, 9], 100) }];
}

/** The datasets folder holds exactly `names` (no staging leftovers). */
function expectRegistered(home: string, names: string[]): void {
  const dir = path.join(home, 'datasets');
  expect(fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []).toEqual(names);
}

async function expectExactCifar(home: string): Promise<void> {
  const ds = await openDataset('cifar10', home);
  expect(ds.info).toMatchObject({
    name: 'cifar10',
    shape: [32, 32, 3],
    splits: { train: 15, test: 2 },
    origin: 'imported',
  });
  const [train] = [...ds.batches('train', { batchSize: 15, seed: 0, shuffle: false })];
  for (let k = 0; k < 15; k++) {
    expect(train!.pixels.subarray(k * 3072, (k + 1) * 3072)).toEqual(
      planarToHwcReference(pixelsOf(k, 3072)),
    );
  }
  expect(Array.from(train!.labels)).toEqual(Array.from({ length: 15 }, (_, k) => k % 10));
  const [test] = [...ds.batches('test', { batchSize: 4, seed: 0, shuffle: false })];
  expect(Array.from(test!.labels)).toEqual([3, 9]);
  expect(test!.pixels.subarray(3072)).toEqual(planarToHwcReference(pixelsOf(101, 3072)));
}

describe('CIFAR-10 import', () => {
  it('imports the extracted folder exactly, with progress, and re-imports idempotently', async () => {
    const home = temp();
    const src = path.join(home, 'src', 'cifar-10-batches-bin');
    for (const f of cifarFiles()) put(src, f.name, f.data);
    const progress: string[] = [];
    const first = await importDataset('cifar10', [path.dirname(src)], {
      dataDir: home,
      onProgress: (p) => progress.push(`${p.split} ${p.done}/${p.total}`),
    });
    expect(first.reused).toBe(false);
    expect(progress).toContain('train 5/5');
    expect(progress).toContain('test 2/2');
    await expectExactCifar(home);
    const manifest = fs.readFileSync(path.join(first.dir, 'manifest.json'), 'utf8');
    const again = await importDataset('cifar10', [src], { dataDir: home });
    expect(again.reused).toBe(true);
    expect(fs.readFileSync(path.join(first.dir, 'manifest.json'), 'utf8')).toBe(manifest);
    expectRegistered(home, ['cifar10']);
  });

  it('imports cifar-10-binary.tar.gz (and a plain .tar) exactly', async () => {
    const tar = tarFile(
      cifarFiles().map((f) => ({ name: `cifar-10-batches-bin/${f.name}`, data: f.data })),
    );
    for (const [name, bytes] of [
      ['cifar-10-binary.tar.gz', zlib.gzipSync(tar)],
      ['cifar-10-binary.tar', tar],
    ] as const) {
      const home = temp();
      const archive = put(home, name, bytes);
      await importDataset('cifar10', [archive], { dataDir: home });
      await expectExactCifar(home);
      fs.rmSync(path.join(home, 'datasets'), { recursive: true });
    }
  });

  it('rejects a batch whose size is not a multiple of 3073, registering nothing', async () => {
    const home = temp();
    const src = path.join(home, 'src');
    for (const f of cifarFiles()) put(src, f.name, f.data);
    const bad = put(src, 'data_batch_3.bin', Buffer.concat([cifarBatch([1, 2]), Buffer.alloc(10)]));
    await expect(importDataset('cifar10', [src], { dataDir: home })).rejects.toThrow(
      `${bad}: size 6156 is not a positive multiple of 3073 (1 label byte + 3072 pixel bytes)`,
    );
    expectRegistered(home, []);
  });

  it('reports a missing batch file in a folder and in an archive', async () => {
    const home = temp();
    const src = path.join(home, 'src');
    for (const f of cifarFiles().filter((f) => f.name !== 'data_batch_4.bin'))
      put(src, f.name, f.data);
    await expect(importDataset('cifar10', [src], { dataDir: home })).rejects.toThrow(
      `${path.join(src, 'data_batch_4.bin')}: missing batch file (CIFAR-10 needs data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin)`,
    );
    const archive = put(
      home,
      'c.tar.gz',
      zlib.gzipSync(tarFile(cifarFiles().filter((f) => f.name !== 'test_batch.bin'))),
    );
    await expect(importDataset('cifar10', [archive], { dataDir: home })).rejects.toThrow(
      `${archive}: missing batch file test_batch.bin in the archive`,
    );
    expectRegistered(home, []);
  });

  it('reports a path that does not exist, an archive that is not a tar, and a corrupt gzip', async () => {
    const home = temp();
    const missing = path.join(home, 'nowhere.tar.gz');
    await expect(importDataset('cifar10', [missing], { dataDir: home })).rejects.toThrow(
      `${missing}: no such file or directory`,
    );
    const junk = put(home, 'junk.tar', Buffer.alloc(4096, 7));
    await expect(importDataset('cifar10', [junk], { dataDir: home })).rejects.toThrow(
      `${junk}: not a tar archive (bad header checksum)`,
    );
    const gz = zlib.gzipSync(Buffer.alloc(10_000, 1));
    const broken = put(home, 'broken.tar.gz', gz.subarray(0, gz.length - 12));
    await expect(importDataset('cifar10', [broken], { dataDir: home })).rejects.toThrow(
      `${broken}: corrupt gzip data`,
    );
    expectRegistered(home, []);
  });
});
