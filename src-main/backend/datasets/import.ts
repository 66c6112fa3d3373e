import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { nodeCacheFs, type CacheFs } from './cache-fs';
import { buildAtomically } from './cache-writer';
import { cifar10Format } from './cifar10';
import {
  convertSplit,
  type ImportContext,
  type ImportFormat,
  type ImportProgress,
} from './convert';
import { datasetError, throwIfAborted } from './errors';
import { imagenet32Format } from './imagenet32';
import { createManifest, readManifest } from './manifest';
import { datasetsDir } from './location';
import type { DatasetInfo } from './types';

export type ImportKind = 'cifar10' | 'imagenet32';

export const IMPORT_FORMATS: Record<ImportKind, ImportFormat> = {
  cifar10: cifar10Format,
  imagenet32: imagenet32Format,
};

export interface ImportOptions {
  /** Root data directory (default dataDir()); the cache goes to `<dataDir>/datasets/<name>/`. */
  dataDir?: string;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Test seam for the cache writes. */
  fs?: CacheFs;
}

export interface ImportResult {
  info: DatasetInfo;
  dir: string;
  /** True when the same inputs were already imported and nothing was redone. */
  reused: boolean;
}

/** Converts user files into the uint8 cache once; re-importing unchanged inputs is a no-op. */
export async function importDataset(
  kind: ImportKind,
  paths: string[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const format = IMPORT_FORMATS[kind];
  const inputs = await format.inputs(paths.map((p) => path.resolve(p)));
  const fingerprint = await fingerprintOf(kind, inputs);
  const target = path.join(datasetsDir(options.dataDir), format.info.name);
  const existing = await readManifest(target).catch(() => undefined);
  if (existing?.source.fingerprint === fingerprint)
    return { info: existing.info, dir: target, reused: true };
  throwIfAborted(options.signal);
  const cacheFs = options.fs ?? nodeCacheFs;
  const [height = 0, width = 0, channels = 0] = format.info.shape;
  const manifest = await buildAtomically(cacheFs, target, async (staging, scratch) => {
    const ctx: ImportContext = {
      scratch,
      signal: options.signal,
      progress: options.onProgress ?? (() => undefined),
    };
    const parts = await format.parts(inputs, ctx);
    const train = await convertSplit(cacheFs, staging, 'train', parts.train, ctx);
    const test = await convertSplit(cacheFs, staging, 'test', parts.test, ctx);
    throwIfAborted(options.signal);
    // An empty split would replace a good cache with nothing: refuse before the swap.
    for (const [split, { count }] of [
      ['train', train],
      ['test', test],
    ] as const) {
      if (count === 0)
        throw datasetError(
          paths.length === 1 ? path.resolve(paths[0] as string) : kind,
          `holds no ${split} images: nothing was imported and the previous ${kind} cache is kept`,
        );
    }
    return createManifest({
      info: {
        ...format.info,
        kind: 'image',
        splits: { train: train.count, test: test.count },
        origin: 'imported',
      },
      recordBytes: height * width * channels,
      splits: { train, test },
      source: { kind, inputs, fingerprint },
      createdAt: Date.now(),
    });
  });
  return { info: manifest.info, dir: target, reused: false };
}

/** Identifies an import by its format and each input's path, size and modification time. */
async function fingerprintOf(kind: ImportKind, inputs: string[]): Promise<string> {
  const stats = await Promise.all(inputs.map(async (file) => ({ file, ...(await fs.stat(file)) })));
  const key = JSON.stringify([kind, ...stats.map((s) => [s.file, s.size, s.mtimeMs])]);
  return createHash('sha256').update(key).digest('hex');
}
