import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CacheFile, CacheFs } from './cache-fs';
import { fsError } from './errors';
import { MANIFEST_FILE, type CacheManifest, type CachedSplit } from './manifest';
import type { SplitName } from './types';

/** Appends one split's records and labels to its cache files, hashing as it goes. */
export class SplitWriter {
  private count = 0;
  private closed = false;
  private readonly imageHash = createHash('sha256');
  private readonly labelHash = createHash('sha256');

  private constructor(
    private readonly paths: { images: string; labels: string },
    private readonly images: CacheFile,
    private readonly labels: CacheFile,
  ) {}

  static async create(fs: CacheFs, dir: string, split: SplitName): Promise<SplitWriter> {
    const paths = {
      images: path.join(dir, `${split}-images.u8`),
      labels: path.join(dir, `${split}-labels.u16`),
    };
    const images = await fs.create(paths.images).catch((e: unknown) => {
      throw fsError(paths.images, e, 'creating the cache');
    });
    const labels = await fs.create(paths.labels).catch((e: unknown) => {
      throw fsError(paths.labels, e, 'creating the cache');
    });
    return new SplitWriter(paths, images, labels);
  }

  /** Appends HWC records and their labels (stored little-endian uint16). */
  async append(pixels: Uint8Array, labels: Uint16Array): Promise<void> {
    const labelBytes = new Uint8Array(labels.length * 2);
    const view = new DataView(labelBytes.buffer);
    labels.forEach((label, i) => view.setUint16(2 * i, label, true));
    await this.images.write(pixels).catch((e: unknown) => {
      throw fsError(this.paths.images, e, 'writing the cache');
    });
    await this.labels.write(labelBytes).catch((e: unknown) => {
      throw fsError(this.paths.labels, e, 'writing the cache');
    });
    this.imageHash.update(pixels);
    this.labelHash.update(labelBytes);
    this.count += labels.length;
  }

  /** Closes both files; describes the split for the manifest. */
  async finish(): Promise<CachedSplit> {
    await this.close();
    return {
      count: this.count,
      images: path.basename(this.paths.images),
      labels: path.basename(this.paths.labels),
      sha256: { images: this.imageHash.digest('hex'), labels: this.labelHash.digest('hex') },
    };
  }

  /** Closes both files (again is a no-op), e.g. after a failed conversion. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.images.close(), this.labels.close()]).catch((e: unknown) => {
      throw fsError(this.paths.images, e, 'closing the cache');
    });
  }
}

/** Removes staging and replaced folders left by imports whose process died (kill -9, power loss). */
export async function removeStaleStaging(fs: CacheFs, parent: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(/^\.(?:import|old)-.+-(\d+)-[0-9a-f]{8}$/.exec(name)?.[1]);
    if (pid && !isAlive(pid)) await fs.remove(path.join(parent, name));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Builds a cache in a hidden staging folder next to `target`, then swaps it in by rename, so a failed or
 * cancelled import leaves the previous dataset (or none) registered and no half-written one.
 */
export async function buildAtomically(
  fs: CacheFs,
  target: string,
  build: (staging: string, scratch: string) => Promise<CacheManifest>,
): Promise<CacheManifest> {
  const parent = path.dirname(target);
  const tag = `${path.basename(target)}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(parent, `.import-${tag}`);
  const scratch = path.join(staging, 'scratch');
  await removeStaleStaging(fs, parent);
  try {
    await fs.mkdir(scratch).catch((e: unknown) => {
      throw fsError(staging, e, 'creating the staging folder');
    });
    const manifest = await build(staging, scratch);
    await fs.remove(scratch);
    const manifestFile = path.join(staging, MANIFEST_FILE);
    await fs
      .writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`)
      .catch((e: unknown) => {
        throw fsError(manifestFile, e, 'writing the manifest');
      });
    const old = path.join(parent, `.old-${tag}`);
    const hadOld = await fs.rename(target, old).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return false;
        throw fsError(target, e, 'replacing the previous import');
      },
    );
    await fs.rename(staging, target).catch(async (e: unknown) => {
      if (hadOld) await fs.rename(old, target).catch(() => undefined);
      throw fsError(target, e, 'registering the dataset');
    });
    if (hadOld) await fs.remove(old);
    return manifest;
  } catch (error) {
    await fs.remove(staging).catch(() => undefined);
    throw error;
  }
}
