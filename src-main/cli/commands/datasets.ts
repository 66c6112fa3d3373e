import fs from 'node:fs/promises';
import path from 'node:path';
import { encodePng } from '../../backend/export/png';
import {
  IMPORT_FORMATS,
  importDataset,
  importedManifests,
  listDatasets,
  openDataset,
  verifyCache,
  type DatasetInfo,
  type ImportKind,
  type ImportProgress,
} from '../../backend/datasets/index';
import { dataDir } from '../../backend/paths';
import { MdmError } from '#shared/errors';
import { defineCommand, defineGroup, type CliCommand, type CliIO } from '../command';
import { jsonFlag } from '../common-flags';

function describe(info: DatasetInfo): string {
  return `${info.name.padEnd(16)} ${info.kind.padEnd(6)} ${info.shape.join('×').padEnd(9)} train ${String(info.splits.train).padStart(8)}  test ${String(info.splits.test).padStart(6)}  ${info.origin}`;
}

const list = defineCommand({
  name: 'list',
  summary: 'the datasets you can train on: built in and imported',
  synopsis: 'mdm datasets list [--json]',
  flags: { json: jsonFlag },
  async run(values, _positionals, io) {
    const infos = await listDatasets();
    io.out(values.json ? JSON.stringify(infos, null, 2) : infos.map(describe).join('\n'));
    return 0;
  },
});

/** Prints progress lines at each tenth of each file. */
function progressPrinter(io: CliIO): (p: ImportProgress) => void {
  let last = '';
  return (p) => {
    const percent = p.total > 0 ? Math.floor((10 * p.done) / p.total) * 10 : 100;
    const line = `${p.stage} ${path.basename(p.file)}${p.split ? ` (${p.split})` : ''}: ${percent}%`;
    if (line !== last) io.err(line);
    last = line;
  };
}

const runImport = defineCommand({
  name: 'import',
  summary: 'convert the official CIFAR-10 or ImageNet32 files once into a uint8 cache',
  synopsis: `mdm datasets import ${Object.keys(IMPORT_FORMATS).join('|')} PATH... [--json]`,
  description:
    'Converts the official files once into a uint8 cache under <data dir>/datasets/<name>/:\n' +
    '  cifar10     cifar-10-binary.tar.gz, its .tar, or the extracted folder of data_batch_*.bin\n' +
    '  imagenet32  folders or zips holding train_data_batch_1..10.npz and val_data.npz',
  flags: { json: jsonFlag },
  positionals: Infinity,
  async run(values, [kind, ...paths], io) {
    if (kind === undefined || !(kind in IMPORT_FORMATS)) {
      throw new MdmError(
        'invalid',
        `import needs a format, one of ${Object.keys(IMPORT_FORMATS).join(', ')}`,
      );
    }
    if (paths.length === 0)
      throw new MdmError('invalid', `import ${kind} needs the PATH of the downloaded files`);
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const result = await importDataset(kind as ImportKind, paths, {
        signal: controller.signal,
        onProgress: progressPrinter(io),
      });
      if (values.json) io.out(JSON.stringify(result, null, 2));
      else
        io.out(
          `${result.reused ? 'already imported' : 'imported'}: ${describe(result.info)}\n  cache ${result.dir}`,
        );
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
});

const show = defineCommand({
  name: 'show',
  summary: 'counts, shape and a PNG grid of examples of one dataset',
  synopsis: 'mdm datasets show NAME [options]',
  flags: {
    out: {
      type: 'string',
      arg: 'FILE.png',
      help: 'where to write the PNG grid (default <data dir>/previews/NAME.png)',
    },
    split: { type: 'enum', values: ['train', 'test'], default: 'train', help: 'which split' },
    count: { type: 'int', min: 1, default: 64, help: 'examples in the grid' },
    seed: { type: 'int', min: 0, default: 0, help: 'seed of which examples are drawn' },
    verify: { type: 'boolean', help: "check the imported cache's checksums" },
    json: jsonFlag,
  },
  positionals: 1,
  async run(values, [name], io) {
    if (name === undefined) throw new MdmError('invalid', 'show needs a dataset NAME');
    const dataset = await openDataset(name);
    const png = encodePng(
      dataset.thumbnails({
        split: values.split,
        count: values.count,
        seed: values.seed,
      }),
    );
    const out = path.resolve(values.out ?? path.join(dataDir(), 'previews', `${name}.png`));
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, png);
    const cache = (await importedManifests()).find((m) => m.manifest.info.name === name);
    const problems = values.verify && cache ? await verifyCache(cache.dir, cache.manifest) : [];
    const report = {
      ...dataset.info,
      preview: out,
      cache: cache?.dir,
      verified: values.verify ? problems.length === 0 : undefined,
    };
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else {
      io.out(
        `${dataset.info.title} (${name}): ${dataset.info.kind} ${dataset.info.shape.join('×')}, ${dataset.info.numClasses} classes`,
      );
      io.out(
        `  train ${dataset.info.splits.train}, test ${dataset.info.splits.test} (${dataset.info.origin})`,
      );
      if (cache) io.out(`  cache ${cache.dir}`);
      io.out(`  preview ${out}`);
    }
    for (const problem of problems) io.err(problem);
    return problems.length > 0 ? 1 : 0;
  },
});

const subcommands = defineGroup({
  name: 'datasets',
  summary: 'List, import (CIFAR-10, ImageNet32) and preview datasets',
  subcommands: [list, runImport, show],
});

/** `mdm datasets`: list, import and inspect datasets; a cancelled import exits 130 (main.ts). */
export const datasetsCommand: CliCommand = subcommands;
