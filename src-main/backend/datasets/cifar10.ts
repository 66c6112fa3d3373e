import path from 'node:path';
import { SourceReader, fileSource, type ByteSource } from './byte-source';
import { planarToHwc } from './convert';
import type { ImportContext, ImportFormat, PartReader, SplitPart } from './convert';
import { datasetError } from './errors';
import { gunzipToFile, isGzip } from './inflate';
import { filesUnder, statInput } from './inputs';
import { listTar } from './tar';
import type { SplitName } from './types';

const RECORD = 1 + 3072;
const PIXELS = 32 * 32;
const BATCHES: Record<SplitName, string[]> = {
  train: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`),
  test: ['test_batch.bin'],
};
const ALL_BATCHES = [...BATCHES.train, ...BATCHES.test];

/** CIFAR-10, binary version: `cifar-10-binary.tar.gz` (or .tar) or its extracted folder. */
export const cifar10Format: ImportFormat = {
  info: { name: 'cifar10', title: 'CIFAR-10', shape: [32, 32, 3], numClasses: 10, flippable: true },

  async inputs(paths) {
    const [input, ...extra] = paths;
    if (input === undefined || extra.length > 0)
      throw datasetError(paths.join(' '), 'CIFAR-10 takes exactly one path');
    if (!(await statInput(input)).isDirectory) return [input];
    const files = await filesUnder(input);
    return ALL_BATCHES.map((name) => {
      const found = files.find((f) => path.basename(f) === name);
      if (!found)
        throw datasetError(
          path.join(input, name),
          `missing batch file (CIFAR-10 needs ${ALL_BATCHES.join(', ')})`,
        );
      return found;
    });
  },

  async parts(inputs, ctx) {
    const sources =
      inputs.length === 1
        ? await archiveMembers(inputs[0] as string, ctx)
        : await Promise.all(inputs.map(fileSource));
    const byName = (name: string): SplitPart =>
      batchPart(sources[ALL_BATCHES.indexOf(name)] as ByteSource);
    return { train: BATCHES.train.map(byName), test: BATCHES.test.map(byName) };
  },
};

/** The official cifar-10-python.tar is 163 MiB; a gzip inflating far past it is not one, and must not fill the disk. */
export const MAX_TAR_BYTES = 256 * 1024 * 1024;

/** The six batch files of a tar(.gz) archive, in ALL_BATCHES order; a gzip is first inflated to scratch. */
async function archiveMembers(archive: string, ctx: ImportContext): Promise<ByteSource[]> {
  let tar = await fileSource(archive);
  if (await isGzip(tar)) {
    const dest = path.join(ctx.scratch, 'cifar-10.tar');
    await gunzipToFile(tar, dest, {
      signal: ctx.signal,
      maxBytes: MAX_TAR_BYTES,
      onProgress: (done, total) =>
        ctx.progress({ stage: 'extracting', file: archive, done, total }),
    });
    tar = { ...(await fileSource(dest)), label: archive };
  }
  const members = await listTar(tar);
  return ALL_BATCHES.map((name) => {
    const member = members.find((m) => path.posix.basename(m.name) === name);
    if (!member) throw datasetError(archive, `missing batch file ${name} in the archive`);
    return member.source;
  });
}

/** One batch file: records of 1 label byte + 3072 channel-planar pixel bytes. */
function batchPart(src: ByteSource): SplitPart {
  if (src.size === 0 || src.size % RECORD !== 0) {
    throw datasetError(
      src.label,
      `size ${src.size} is not a positive multiple of ${RECORD} (1 label byte + 3072 pixel bytes)`,
    );
  }
  return {
    label: src.label,
    async open(): Promise<PartReader> {
      const reader = await SourceReader.open(src);
      return {
        count: src.size / RECORD,
        async read(start, count) {
          const raw = await reader.read(start * RECORD, count * RECORD);
          const labels = new Uint16Array(count);
          for (let k = 0; k < count; k++) {
            const label = raw[k * RECORD] as number;
            if (label > 9)
              throw datasetError(
                src.label,
                `record ${start + k} has label ${label}, expected 0..9`,
              );
            labels[k] = label;
          }
          return { pixels: planarToHwc(raw, count, PIXELS, 3, RECORD, 1), labels };
        },
        close: () => reader.close(),
      };
    },
  };
}
