/** MNIST train iterator throughput with dequantization and the §5 transform, on the one JS thread. */
import { openMnist } from '../src-main/backend/datasets/mnist';
import { printBenchResult } from './machine';

const dataset = await openMnist();
const result: Record<string, number> = {};
for (const transform of ['logit', 'center'] as const) {
  let warmup = 0;
  for (const _batch of dataset.batches('train', { batchSize: 128, seed: 0, transform }))
    if (++warmup === 50) break;
  const start = performance.now();
  let images = 0;
  for (let epoch = 1; epoch <= 2; epoch++) {
    for (const batch of dataset.batches('train', { batchSize: 128, seed: 0, epoch, transform }))
      images += batch.size;
  }
  result[`${transform}ImagesPerSecond`] = Math.round(images / ((performance.now() - start) / 1000));
}
printBenchResult('datasets-throughput', {
  dataset: 'mnist',
  split: 'train',
  batchSize: 128,
  epochs: 2,
  ...result,
  target: 20_000,
});
