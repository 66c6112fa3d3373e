/** Imports and iterates a synthetic 300k-image 32×32×3 CIFAR-format set; reports peak resident memory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importDataset, openDataset } from '../src-main/backend/datasets/index';
import { printBenchResult } from './machine';

const RECORD = 3073;
const PER_BATCH = 60_000;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mdm-bench-datasets-'));
let peak = 0;
const sample = (): void => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 50);

/** Writes a batch file of `n` records chunk by chunk, so generation itself stays small. */
function writeBatch(file: string, n: number, first: number): void {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(1000 * RECORD);
  for (let start = 0; start < n; start += 1000) {
    for (let k = 0; k < 1000; k++) {
      const at = k * RECORD;
      chunk[at] = (first + start + k) % 10;
      for (let p = 1; p < RECORD; p++) chunk[at + p] = (p * 7 + k + start) & 255;
    }
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
}

try {
  const src = path.join(root, 'src');
  fs.mkdirSync(src);
  for (let i = 1; i <= 5; i++)
    writeBatch(path.join(src, `data_batch_${i}.bin`), PER_BATCH, (i - 1) * PER_BATCH);
  writeBatch(path.join(src, 'test_batch.bin'), 10_000, 0);
  sample();
  const afterGenerate = peak;
  let t = performance.now();
  await importDataset('cifar10', [src], { dataDir: root });
  const importSeconds = (performance.now() - t) / 1000;
  sample();
  const afterImport = peak;
  const dataset = await openDataset('cifar10', root);
  t = performance.now();
  let images = 0;
  for (const batch of dataset.batches('train', { batchSize: 256, seed: 0, flip: true })) {
    images += batch.size;
    if (images % 25_600 === 0) sample();
  }
  const iterateSeconds = (performance.now() - t) / 1000;
  sample();
  clearInterval(sampler);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  printBenchResult('datasets-memory', {
    images: images,
    shape: [32, 32, 3],
    peakRssMiB: Math.round(Math.max(peak, maxRss) / 2 ** 20),
    rssAfterGenerateMiB: Math.round(afterGenerate / 2 ** 20),
    rssAfterImportMiB: Math.round(afterImport / 2 ** 20),
    importSeconds: Number(importSeconds.toFixed(1)),
    iterateImagesPerSecond: Math.round(images / iterateSeconds),
    limitMiB: 1536,
  });
} finally {
  clearInterval(sampler);
  fs.rmSync(root, { recursive: true, force: true });
}
