import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeCacheFs, type CacheFs } from '../../../src-main/backend/datasets/cache-fs';
import { importDataset, openDataset } from '../../../src-main/backend/datasets/index';
import { cifarBatch } from '../../unit/datasets/helpers/formats';
import { put, useTempDir } from '../../unit/datasets/helpers/temp';

const temp = useTempDir();

/** A CIFAR-10 folder whose batches hold `n` records each. */
function cifarFolder(home: string, n: number): string {
  const src = path.join(home, 'src');
  const labels = Array.from({ length: n }, (_, k) => k % 10);
  for (const name of [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`).concat('test_batch.bin'))
    put(src, name, cifarBatch(labels));
  return src;
}

/** The real fs, except that writes to the images cache fail with `code` after `okWrites` writes. */
function failingFs(code: string, okWrites: number): CacheFs {
  let writes = 0;
  return {
    ...nodeCacheFs,
    async create(file) {
      const handle = await nodeCacheFs.create(file);
      return {
        close: () => handle.close(),
        async write(data) {
          if (file.endsWith('-images.u8') && writes++ >= okWrites) {
            throw Object.assign(new Error(`${code}: simulated`), { code, syscall: 'write' });
          }
          await handle.write(data);
        },
      };
    },
  };
}

const entries = (home: string) => fs.readdirSync(path.join(home, 'datasets'));

describe('import failures leave nothing half-registered', () => {
  it('a disk-full error during conversion names the cache file and removes the staging folder', async () => {
    const home = temp();
    const src = cifarFolder(home, 3);
    const error = await importDataset('cifar10', [src], {
      dataDir: home,
      fs: failingFs('ENOSPC', 2),
    }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'invalid' });
    expect(String(error)).toMatch(
      /^MdmError: \S+\/\.import-cifar10-[^/]+\/train-images\.u8: disk full \(no space left on device\) while writing the cache$/,
    );
    expect(entries(home)).toEqual([]);
  });

  it('a permission error creating the cache is reported the same way', async () => {
    const home = temp();
    const src = cifarFolder(home, 1);
    const fsDenied: CacheFs = {
      ...nodeCacheFs,
      create: () => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })),
    };
    await expect(importDataset('cifar10', [src], { dataDir: home, fs: fsDenied })).rejects.toThrow(
      /train-images\.u8: permission denied while creating the cache$/,
    );
    expect(entries(home)).toEqual([]);
  });

  it('cancelling through the AbortSignal keeps the previous import intact', async () => {
    const home = temp();
    const src = cifarFolder(home, 1);
    await importDataset('cifar10', [src], { dataDir: home });
    const bigger = cifarFolder(home, 2);
    fs.utimesSync(path.join(bigger, 'test_batch.bin'), new Date(), new Date(Date.now() + 5000));
    const controller = new AbortController();
    const error = await importDataset('cifar10', [bigger], {
      dataDir: home,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MdmError', code: 'cancelled' });
    expect(entries(home)).toEqual(['cifar10']);
    expect((await openDataset('cifar10', home)).info.splits).toEqual({ train: 5, test: 1 });
  });

  it('a failed re-import also keeps the previous one', async () => {
    const home = temp();
    const src = cifarFolder(home, 1);
    await importDataset('cifar10', [src], { dataDir: home });
    fs.appendFileSync(path.join(src, 'data_batch_2.bin'), Buffer.alloc(5));
    await expect(importDataset('cifar10', [src], { dataDir: home })).rejects.toThrow(
      /data_batch_2\.bin: size 3078 is not a positive multiple of 3073/,
    );
    expect(entries(home)).toEqual(['cifar10']);
    expect((await openDataset('cifar10', home)).info.splits.train).toBe(5);
  });

  it('the next import clears staging folders left by a process that died', async () => {
    const home = temp();
    const deadPid = spawnSync('true').pid;
    const stale = path.join(home, 'datasets', `.import-cifar10-${deadPid}-0badf00d`);
    const live = path.join(home, 'datasets', `.import-cifar10-${process.pid}-0badf00d`);
    for (const dir of [stale, live]) fs.mkdirSync(path.join(dir, 'scratch'), { recursive: true });
    await importDataset('cifar10', [cifarFolder(home, 1)], { dataDir: home });
    expect(entries(home).sort()).toEqual([path.basename(live), 'cifar10'].sort());
  });
});
