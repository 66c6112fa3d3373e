import fs from 'node:fs/promises';
import path from 'node:path';
import { SourceReader, fileSource, type ByteSource } from './byte-source';
import { planarToHwc } from './convert';
import type { ImportContext, ImportFormat, PartReader, SplitPart } from './convert';
import { datasetError } from './errors';
import { filesUnder, statInput } from './inputs';
import { readIntegers, readNpy, readUint8Rows, type NpyArray } from './npy';
import { listZip, zipEntrySource, type ZipEntry } from './zip';
import type { SplitName } from './types';

const PIXELS = 32 * 32;
const ROW = 3 * PIXELS;
const CLASSES = 1000;
const NPZ: Record<SplitName, string[]> = {
  train: Array.from({ length: 10 }, (_, i) => `train_data_batch_${i + 1}.npz`),
  test: ['val_data.npz'],
};

/** Somewhere an npz can be found: a file, or an entry of an outer zip (opened lazily). */
type NpzLocation = { file: string } | { zip: ByteSource; entry: ZipEntry };

/** Downsampled ImageNet 32×32 (Chrabaszcz et al. 2017): npz batches from folders and/or zips; labels 1..1000 stored as 0..999. */
export const imagenet32Format: ImportFormat = {
  info: {
    name: 'imagenet32',
    title: 'ImageNet 32×32',
    shape: [32, 32, 3],
    numClasses: CLASSES,
    flippable: true,
  },

  async inputs(paths) {
    if (paths.length === 0) throw datasetError('imagenet32', 'no path given');
    const files: string[] = [];
    for (const p of paths) {
      if (!(await statInput(p)).isDirectory) {
        files.push(p);
        continue;
      }
      const found = (await filesUnder(p)).filter((f) => /\.(npz|zip)$/i.test(f));
      if (found.length === 0) throw datasetError(p, 'holds no .npz or .zip files');
      files.push(...found);
    }
    return files;
  },

  async parts(inputs) {
    const found = new Map<string, NpzLocation>();
    for (const file of inputs) {
      const name = path.basename(file);
      if (/\.npz$/i.test(name)) {
        found.set(name, { file });
        continue;
      }
      const zip = await fileSource(file);
      for (const entry of await listZip(zip))
        found.set(path.posix.basename(entry.name), { zip, entry });
    }
    const part = (name: string): SplitPart => {
      const location = found.get(name);
      if (!location)
        throw datasetError(
          inputs.length === 1 ? (inputs[0] as string) : name,
          `missing batch file ${name}`,
        );
      return npzPart(name, location);
    };
    return { train: NPZ.train.map(part), test: NPZ.test.map(part) };
  },
};

function npzPart(name: string, location: NpzLocation): SplitPart {
  const label = 'file' in location ? location.file : `${location.zip.label}:${location.entry.name}`;
  return {
    label,
    async open(ctx) {
      const scratch = path.join(ctx.scratch, name);
      await fs.mkdir(scratch, { recursive: true });
      try {
        return await openNpz(location, scratch, ctx);
      } catch (error) {
        await fs.rm(scratch, { recursive: true, force: true });
        throw error;
      }
    },
  };
}

async function openNpz(
  location: NpzLocation,
  scratch: string,
  ctx: ImportContext,
): Promise<PartReader> {
  const inflate = (file: string) => ({
    signal: ctx.signal,
    onProgress: (done: number, total: number) =>
      ctx.progress({ stage: 'extracting', file, done, total }),
  });
  let npz: ByteSource;
  if ('file' in location) {
    npz = await fileSource(location.file);
  } else {
    const { zip, entry } = location;
    npz = await zipEntrySource(zip, entry, scratch, inflate(`${zip.label}:${entry.name}`));
  }
  const entries = await listZip(npz);
  const array = async (key: string): Promise<NpyArray> => {
    const entry = entries.find((e) => e.name === `${key}.npy`);
    if (!entry)
      throw datasetError(
        npz.label,
        `has no '${key}' array (it has: ${entries.map((e) => e.name.replace(/\.npy$/, '')).join(', ') || 'nothing'})`,
      );
    return readNpy(
      await zipEntrySource(npz, entry, scratch, inflate(`${npz.label}:${entry.name}`)),
    );
  };
  const data = await array('data');
  const dataLabel = `${npz.label}:data.npy`;
  if (data.dtype.kind !== 'u' || data.dtype.itemSize !== 1) {
    throw datasetError(dataLabel, `has dtype '${data.dtype.descr}', expected uint8 ('|u1')`);
  }
  const [count = 0, columns] = data.shape;
  if (data.shape.length !== 2 || columns !== ROW) {
    throw datasetError(dataLabel, `has shape (${data.shape.join(', ')}), expected (N, ${ROW})`);
  }
  const labels = await readLabels(await array('labels'), `${npz.label}:labels.npy`, count);
  const reader = await SourceReader.open(data.data);
  return {
    count,
    async read(start, n) {
      const rows = await readUint8Rows(data, reader, start, n);
      return { pixels: planarToHwc(rows, n, PIXELS, 3), labels: labels.slice(start, start + n) };
    },
    async close() {
      await reader.close();
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Labels: 1-D, one per image, integers 1..1000, returned 0-based. */
async function readLabels(array: NpyArray, label: string, count: number): Promise<Uint16Array> {
  if (array.shape.length !== 1 || array.shape[0] !== count) {
    throw datasetError(
      label,
      `has shape (${array.shape.join(', ')}), expected (${count},) to match data`,
    );
  }
  const values = await readIntegers(array, label);
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const v = values[i] as number;
    if (!Number.isInteger(v) || v < 1 || v > CLASSES)
      throw datasetError(label, `label ${v} at ${i} is outside 1..${CLASSES}`);
    out[i] = v - 1;
  }
  return out;
}
