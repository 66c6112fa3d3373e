import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_TAR_BYTES } from '../../../src-main/backend/datasets/cifar10';
import { importDataset, openDataset } from '../../../src-main/backend/datasets/index';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { createBackendService } from '../../../src-main/backend/service';
import { waitFor } from '../runs/support';
import { imagenetNpz } from '../../unit/datasets/helpers/formats';
import { put, useTempDir } from '../../unit/datasets/helpers/temp';

/** Issue 14 problem 6: an empty import never replaces a good cache. */
const temp = useTempDir();
const TRAIN = Array.from({ length: 10 }, (_, i) => `train_data_batch_${i + 1}.npz`);

function writeSet(home: string, folder: string, rows: number): void {
  const labels = (n: number) => Array.from({ length: n }, (_, k) => 1 + k);
  for (const name of TRAIN) put(home, `${folder}/${name}`, imagenetNpz(labels(rows), 0));
  put(home, `${folder}/val_data.npz`, imagenetNpz(labels(rows), 50));
}

describe('imports that would empty a cache', () => {
  it('a 0-row ImageNet32 import is refused and leaves the old 80-image cache in place', async () => {
    const home = temp();
    writeSet(home, 'good', 8);
    await importDataset('imagenet32', [path.join(home, 'good')], { dataDir: home });
    expect((await openDataset('imagenet32', home)).info.splits).toEqual({ train: 80, test: 8 });

    writeSet(home, 'empty', 0);
    await expect(
      importDataset('imagenet32', [path.join(home, 'empty')], { dataDir: home }),
    ).rejects.toThrow(
      `${path.join(home, 'empty')}: holds no train images: nothing was imported and the previous imagenet32 cache is kept`,
    );
    expect((await openDataset('imagenet32', home)).info.splits).toEqual({ train: 80, test: 8 });
    expect(fs.readdirSync(path.join(home, 'datasets'))).toEqual(['imagenet32']);
  });

  it('staging a killed import left behind is removed when an owner starts', async () => {
    const home = temp();
    const stale = path.join(home, 'datasets', '.import-imagenet32-999999999-0123abcd');
    fs.mkdirSync(path.join(stale, 'scratch'), { recursive: true });
    fs.writeFileSync(path.join(stale, 'scratch', 'big.bin'), Buffer.alloc(1024));
    const service = createBackendService({ dataDir: home, probeBackends: probeComputeBackends });
    try {
      await waitFor('the stale staging to go', () => !fs.existsSync(stale), 10_000);
    } finally {
      await service.close();
    }
  });
});

describe('scratch space', () => {
  it('a gzip that inflates past what a CIFAR-10 tar can be is stopped at the cap, scratch removed', async () => {
    const home = temp();
    const bomb = path.join(home, 'cifar-10-python.tar.gz');
    fs.writeFileSync(bomb, zlib.gzipSync(Buffer.alloc(MAX_TAR_BYTES + 1024 * 1024)));
    console.info(
      `gzip bomb: ${fs.statSync(bomb).size} bytes inflating to ${MAX_TAR_BYTES + 1024 * 1024}`,
    );
    await expect(importDataset('cifar10', [bomb], { dataDir: home })).rejects.toThrow(
      `${bomb}: inflates to more than ${MAX_TAR_BYTES} bytes: refused as damaged or hostile`,
    );
    expect(fs.readdirSync(path.join(home, 'datasets'))).toEqual([]);
  });
});
