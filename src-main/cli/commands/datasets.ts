import fs from 'node:fs/promises';
import path from 'node:path';
import { encodePng } from '../../backend/export/png';
import {
  DatasetError,
  IMPORT_FORMATS,
  ImportCancelledError,
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
import { UsageError, type CliCommand, type CliIO } from '../command';

const USAGE = `Usage:
  mdm datasets list [--json]
  mdm datasets import cifar10|imagenet32 PATH... [--json]
  mdm datasets show NAME [--json] [--out FILE.png] [--split train|test] [--count N] [--seed N] [--verify]

import converts the official files once into a uint8 cache under <data dir>/datasets/<name>/:
  cifar10     cifar-10-binary.tar.gz, its .tar, or the extracted folder of data_batch_*.bin
  imagenet32  folders or zips holding train_data_batch_1..10.npz and val_data.npz
show prints counts and shape and writes a PNG grid of examples (default <data dir>/previews/NAME.png).`;

/** Splits argv into positionals and --flags (a flag in `valued` takes the next argument). */
function parseArgs(
  args: string[],
  valued: string[],
  boolean: string[],
): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (boolean.includes(arg)) flags.set(arg, 'true');
    else if (valued.includes(arg)) {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      flags.set(arg, value);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { positional, flags };
}

function intFlag(flags: Map<string, string>, name: string, fallback: number): number {
  const text = flags.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new UsageError(`${name} must be a non-negative integer, got '${text}'`);
  return value;
}

function describe(info: DatasetInfo): string {
  return `${info.name.padEnd(16)} ${info.kind.padEnd(6)} ${info.shape.join('×').padEnd(9)} train ${String(info.splits.train).padStart(8)}  test ${String(info.splits.test).padStart(6)}  ${info.origin}`;
}

async function list(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, [], ['--json']);
  if (positional.length > 0)
    throw new UsageError(`list takes no arguments, got '${positional.join(' ')}'`);
  const infos = await listDatasets();
  io.out(flags.has('--json') ? JSON.stringify(infos, null, 2) : infos.map(describe).join('\n'));
  return 0;
}

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

async function runImport(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(args, [], ['--json']);
  const [kind, ...paths] = positional;
  if (kind === undefined || !(kind in IMPORT_FORMATS)) {
    throw new UsageError(`import needs a format, one of ${Object.keys(IMPORT_FORMATS).join(', ')}`);
  }
  if (paths.length === 0)
    throw new UsageError(`import ${kind} needs the PATH of the downloaded files`);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await importDataset(kind as ImportKind, paths, {
      signal: controller.signal,
      onProgress: progressPrinter(io),
    });
    if (flags.has('--json')) io.out(JSON.stringify(result, null, 2));
    else
      io.out(
        `${result.reused ? 'already imported' : 'imported'}: ${describe(result.info)}\n  cache ${result.dir}`,
      );
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function show(args: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(
    args,
    ['--out', '--split', '--count', '--seed'],
    ['--json', '--verify'],
  );
  const [name, ...extra] = positional;
  if (name === undefined || extra.length > 0)
    throw new UsageError('show needs exactly one dataset NAME');
  const split = flags.get('--split') ?? 'train';
  if (split !== 'train' && split !== 'test')
    throw new UsageError(`--split must be train or test, got '${split}'`);
  const dataset = await openDataset(name);
  const png = encodePng(
    dataset.thumbnails({
      split,
      count: intFlag(flags, '--count', 64),
      seed: intFlag(flags, '--seed', 0),
    }),
  );
  const out = path.resolve(flags.get('--out') ?? path.join(dataDir(), 'previews', `${name}.png`));
  await fs.mkdir(path.dirname(out), { recursive: true });
  await fs.writeFile(out, png);
  const cache = (await importedManifests()).find((m) => m.manifest.info.name === name);
  const problems =
    flags.has('--verify') && cache ? await verifyCache(cache.dir, cache.manifest) : [];
  const report = {
    ...dataset.info,
    preview: out,
    cache: cache?.dir,
    verified: flags.has('--verify') ? problems.length === 0 : undefined,
  };
  if (flags.has('--json')) io.out(JSON.stringify(report, null, 2));
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
}

const SUBCOMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  list,
  import: runImport,
  show,
};

/** `mdm datasets`: list, import and inspect datasets. */
export const datasetsCommand: CliCommand = {
  name: 'datasets',
  summary: 'List, import (CIFAR-10, ImageNet32) and preview datasets',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const handler = sub === undefined ? undefined : SUBCOMMANDS[sub];
    if (!handler)
      throw new UsageError(`expected list, import or show${sub ? `, got '${sub}'` : ''}`);
    try {
      return await handler(rest, io);
    } catch (error) {
      if (error instanceof DatasetError) throw new UsageError(error.message);
      if (error instanceof ImportCancelledError) {
        io.err('mdm datasets: import cancelled; nothing was registered');
        return 130;
      }
      throw error;
    }
  },
};
