import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset, openDataset } from '../../../src-main/backend/datasets/index';
import {
  imagenetNpz,
  int64Bytes,
  npyFile,
  pixelsOf,
  planarToHwcReference,
  zipFile,
} from '../../unit/datasets/helpers/formats';
import { put, useTempDir } from '../../unit/datasets/helpers/temp';

const temp = useTempDir();
const TRAIN = Array.from({ length: 10 }, (_, i) => `train_data_batch_${i + 1}.npz`);

/** A tiny ImageNet32: train batch i holds 2 images (labels 1..1000), val holds 3; every image from pixelsOf. */
function npzFiles(
  options: { deflate?: boolean; fortran?: boolean } = {},
): { name: string; data: Buffer }[] {
  const train = TRAIN.map((name, i) => ({
    name,
    data: imagenetNpz([1 + 2 * i, 1000 - i], 2 * i, options),
  }));
  return [...train, { name: 'val_data.npz', data: imagenetNpz([5, 6, 7], 100, options) }];
}

async function expectExact(home: string): Promise<void> {
  const ds = await openDataset('imagenet32', home);
  expect(ds.info).toMatchObject({
    shape: [32, 32, 3],
    numClasses: 1000,
    splits: { train: 20, test: 3 },
    flippable: true,
  });
  const [train] = [...ds.batches('train', { batchSize: 20, seed: 0, shuffle: false })];
  for (let k = 0; k < 20; k++)
    expect(train!.pixels.subarray(k * 3072, (k + 1) * 3072)).toEqual(
      planarToHwcReference(pixelsOf(k, 3072)),
    );
  expect(Array.from(train!.labels.subarray(0, 4))).toEqual([0, 999, 2, 998]);
  const [val] = [...ds.batches('test', { batchSize: 3, seed: 0, shuffle: false })];
  expect(Array.from(val!.labels)).toEqual([4, 5, 6]);
  expect(val!.pixels.subarray(2 * 3072)).toEqual(planarToHwcReference(pixelsOf(102, 3072)));
}

const expectNothingRegistered = (home: string) =>
  expect(fs.readdirSync(path.join(home, 'datasets'))).toEqual([]);

describe('ImageNet32 import', () => {
  it('imports a folder of stored npz files exactly', async () => {
    const home = temp();
    for (const f of npzFiles()) put(home, `src/${f.name}`, f.data);
    await importDataset('imagenet32', [path.join(home, 'src')], { dataDir: home });
    await expectExact(home);
  });

  it('imports from two zips (train, val) of deflated, Fortran-order npz files exactly', async () => {
    const home = temp();
    const files = npzFiles({ deflate: true, fortran: true });
    const trainZip = put(
      home,
      'Imagenet32_train_npz.zip',
      zipFile(
        files.slice(0, 10).map((f) => ({ name: `Imagenet32_train_npz/${f.name}`, data: f.data })),
      ),
    );
    const valZip = put(
      home,
      'Imagenet32_val_npz.zip',
      zipFile([{ name: 'val_data.npz', data: files[10]!.data, deflate: true }], { zip64: true }),
    );
    const result = await importDataset('imagenet32', [trainZip, valZip], { dataDir: home });
    expect(result.reused).toBe(false);
    await expectExact(home);
    expect((await importDataset('imagenet32', [trainZip, valZip], { dataDir: home })).reused).toBe(
      true,
    );
  });

  it('rejects an npz without data, naming it and listing what it has', async () => {
    const home = temp();
    for (const f of npzFiles()) put(home, `src/${f.name}`, f.data);
    const labels = npyFile({ descr: '<i8', shape: [1], data: int64Bytes([1]) });
    const bad = put(
      home,
      'src/train_data_batch_7.npz',
      zipFile([{ name: 'labels.npy', data: labels }]),
    );
    await expect(
      importDataset('imagenet32', [path.join(home, 'src')], { dataDir: home }),
    ).rejects.toThrow(`${bad}: has no 'data' array (it has: labels)`);
    expectNothingRegistered(home);
  });

  it('rejects a wrong dtype and a wrong shape', async () => {
    const home = temp();
    for (const f of npzFiles()) put(home, `src/${f.name}`, f.data);
    const labels = npyFile({ descr: '<i8', shape: [1], data: int64Bytes([1]) });
    const npz = (data: Buffer) =>
      zipFile([
        { name: 'data.npy', data },
        { name: 'labels.npy', data: labels },
      ]);
    const wrongDtype = put(
      home,
      'src/val_data.npz',
      npz(npyFile({ descr: '<f4', shape: [1, 3072], data: new Uint8Array(4 * 3072) })),
    );
    await expect(
      importDataset('imagenet32', [path.join(home, 'src')], { dataDir: home }),
    ).rejects.toThrow(`${wrongDtype}:data.npy: has dtype '<f4', expected uint8 ('|u1')`);
    const wrongShape = put(
      home,
      'src/val_data.npz',
      npz(npyFile({ descr: '|u1', shape: [1, 32, 32, 3], data: new Uint8Array(3072) })),
    );
    await expect(
      importDataset('imagenet32', [path.join(home, 'src')], { dataDir: home }),
    ).rejects.toThrow(`${wrongShape}:data.npy: has shape (1, 32, 32, 3), expected (N, 3072)`);
    expectNothingRegistered(home);
  });

  it('rejects a zip that is not a zip and a missing val_data.npz', async () => {
    const home = temp();
    const notZip = put(
      home,
      'Imagenet32_val_npz.zip',
      Buffer.from('this is not a zip file at all, just some text'),
    );
    await expect(importDataset('imagenet32', [notZip], { dataDir: home })).rejects.toThrow(
      `${notZip}: not a zip archive (no end-of-central-directory record)`,
    );
    const trainOnly = put(home, 'train.zip', zipFile(npzFiles().slice(0, 10)));
    await expect(importDataset('imagenet32', [trainOnly], { dataDir: home })).rejects.toThrow(
      `${trainOnly}: missing batch file val_data.npz`,
    );
    expectNothingRegistered(home);
  });
});
