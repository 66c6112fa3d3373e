import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { datasetError } from './errors';
import { ImageDataset } from './image-dataset';
import { datasetsDir } from './location';
import { MANIFEST_FILE, readManifest, splitFiles, type CacheManifest } from './manifest';
import { openMnist } from './mnist';
import { openSplitStore } from './store';
import { TOY_NAMES, ToyDataset, toyInfo, type ToyName } from './toys';
import type { Dataset, DatasetInfo, SplitName } from './types';

/** Every dataset available: built-in MNIST, the 2-D toys, then the imported caches under dataDir. */
export async function listDatasets(root?: string): Promise<DatasetInfo[]> {
  const builtin = [(await openMnist()).info, ...TOY_NAMES.map((name) => toyInfo(name))];
  return [...builtin, ...(await importedManifests(root)).map(({ manifest }) => manifest.info)];
}

/** Whether a run could open this dataset: built in, or an imported cache with its manifest (checked at create time). */
export function datasetExists(name: string, root?: string): boolean {
  if (name === 'mnist' || (TOY_NAMES as readonly string[]).includes(name)) return true;
  return (
    /^[a-z0-9][a-z0-9-]*$/.test(name) &&
    existsSync(path.join(datasetsDir(root), name, MANIFEST_FILE))
  );
}

/** Opens a dataset by name for batches and thumbnails. */
export async function openDataset(name: string, root?: string): Promise<Dataset> {
  if (name === 'mnist') return openMnist();
  if ((TOY_NAMES as readonly string[]).includes(name)) return new ToyDataset(name as ToyName);
  const dir = path.join(datasetsDir(root), name);
  const exists = await fs.stat(dir).then(
    () => true,
    () => false,
  );
  if (!exists || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    const known = (await listDatasets(root)).map((d) => d.name).join(', ');
    throw datasetError(name, `no such dataset (available: ${known})`, 'not_found');
  }
  return openCache(dir, await readManifest(dir));
}

/** The valid caches under `<root>/datasets`, skipping staging folders. */
export async function importedManifests(
  root?: string,
): Promise<{ dir: string; manifest: CacheManifest }[]> {
  const base = datasetsDir(root);
  const names = await fs.readdir(base).catch(() => [] as string[]);
  const found = await Promise.all(
    names
      .filter((n) => !n.startsWith('.'))
      .map(async (n) => {
        const dir = path.join(base, n);
        return readManifest(dir).then(
          (manifest) => ({ dir, manifest }),
          () => undefined,
        );
      }),
  );
  return found.filter((f) => f !== undefined);
}

function openCache(dir: string, manifest: CacheManifest): ImageDataset {
  const store = (split: SplitName) => {
    const files = splitFiles(dir, manifest, split);
    return openSplitStore({
      count: manifest.splits[split].count,
      recordBytes: manifest.recordBytes,
      images: files.images,
      imagesOffset: 0,
      labels: files.labels,
      labelsOffset: 0,
      labelBytes: 2,
    });
  };
  return new ImageDataset(manifest.info, { train: store('train'), test: store('test') });
}
