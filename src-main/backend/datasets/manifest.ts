import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveInside } from '../confine';
import { datasetError } from './errors';
import type { DatasetInfo, SplitName } from './types';

export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 'mdm-dataset-cache';
const VERSION = 1;

/** One split of a cache: HWC uint8 records and little-endian uint16 labels, with their SHA-256. */
export interface CachedSplit {
  count: number;
  images: string;
  labels: string;
  sha256: { images: string; labels: string };
}

/** manifest.json of `<dataDir>/datasets/<name>/`: what was imported from where, and how to read it. */
export interface CacheManifest {
  format: typeof FORMAT;
  version: typeof VERSION;
  info: DatasetInfo;
  recordBytes: number;
  splits: Record<SplitName, CachedSplit>;
  source: { kind: string; inputs: string[]; fingerprint: string };
  createdAt: number;
}

/** Builds a manifest with this code's format and version. */
export function createManifest(fields: Omit<CacheManifest, 'format' | 'version'>): CacheManifest {
  return { format: FORMAT, version: VERSION, ...fields };
}

/** Reads and checks a cache's manifest and that its files have the sizes it promises. */
export async function readManifest(dir: string): Promise<CacheManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(await fs.readFile(file, 'utf8')) as CacheManifest;
  } catch (error) {
    throw datasetError(file, `unreadable manifest (${(error as Error).message})`);
  }
  if (manifest.format !== FORMAT || manifest.version !== VERSION) {
    throw datasetError(file, `not a version-${VERSION} dataset cache manifest`);
  }
  for (const split of ['train', 'test'] as const) {
    const s = manifest.splits[split];
    const files = splitFiles(dir, manifest, split);
    await expectSize(files.images, s.count * manifest.recordBytes);
    await expectSize(files.labels, s.count * 2);
  }
  return manifest;
}

/** A split's image and label files, confined to the cache folder (the manifest's names are data). */
export function splitFiles(
  dir: string,
  manifest: CacheManifest,
  split: SplitName,
): { images: string; labels: string } {
  const s = manifest.splits[split];
  return {
    images: resolveInside(dir, s.images, 'dataset cache file'),
    labels: resolveInside(dir, s.labels, 'dataset cache file'),
  };
}

async function expectSize(file: string, bytes: number): Promise<void> {
  const size = await fs.stat(file).then(
    (s) => s.size,
    () => -1,
  );
  if (size !== bytes)
    throw datasetError(
      file,
      size < 0 ? 'missing from the cache' : `has ${size} bytes, manifest says ${bytes}`,
    );
}
