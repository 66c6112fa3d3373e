import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';
import type { CliIO } from '../../../src-main/cli/command';
import { cifarBatch } from '../../unit/datasets/helpers/formats';
import { put, useTempDir } from '../../unit/datasets/helpers/temp';

const temp = useTempDir();
let home: string;
let saved: string | undefined;

beforeEach(() => {
  saved = process.env.MDM_HOME;
  home = temp();
  process.env.MDM_HOME = home;
});
afterEach(() => {
  if (saved === undefined) delete process.env.MDM_HOME;
  else process.env.MDM_HOME = saved;
});

async function mdm(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function cifarFolder(): string {
  const src = path.join(home, 'src');
  for (const name of [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`).concat('test_batch.bin'))
    put(src, name, cifarBatch([1, 2]));
  return src;
}

describe('mdm datasets', () => {
  it('lists the built-in and generated datasets as JSON', async () => {
    const { code, out } = await mdm('datasets', 'list', '--json');
    expect(code).toBe(0);
    const names = (JSON.parse(out) as { name: string }[]).map((d) => d.name);
    expect(names).toEqual(['mnist', 'swiss-roll', 'eight-gaussians', 'checkerboard', 'two-moons']);
  });

  it('imports CIFAR-10, lists it, and shows it with a PNG grid', async () => {
    const src = cifarFolder();
    const imported = await mdm('datasets', 'import', 'cifar10', src);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^imported: cifar10 .* train +10 +test +2 +imported/);
    expect(imported.err).toContain('converting data_batch_1.bin (train): 100%');
    expect((await mdm('datasets', 'import', 'cifar10', src)).out).toMatch(/^already imported/);
    expect((await mdm('datasets', 'list')).out).toMatch(
      /\ncifar10 +image +32×32×3 +train +10 +test +2 +imported/,
    );
    const png = path.join(home, 'grid.png');
    const shown = await mdm('datasets', 'show', 'cifar10', '--json', '--out', png, '--verify');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({
      name: 'cifar10',
      splits: { train: 10, test: 2 },
      preview: png,
      verified: true,
    });
    expect(fs.readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('--verify catches a corrupted cache', async () => {
    await mdm('datasets', 'import', 'cifar10', cifarFolder());
    const images = path.join(home, 'datasets', 'cifar10', 'train-images.u8');
    const bytes = fs.readFileSync(images);
    bytes[100] = (bytes[100]! + 1) & 255;
    fs.writeFileSync(images, bytes);
    const shown = await mdm('datasets', 'show', 'cifar10', '--verify');
    expect(shown.code).toBe(1);
    expect(shown.err).toBe(`${images}: checksum mismatch (the cache is corrupt; import again)`);
  });

  it('shows MNIST and a toy, writing the preview under the data directory', async () => {
    const shown = await mdm('datasets', 'show', 'mnist');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('train 60000, test 10000');
    expect(fs.existsSync(path.join(home, 'previews', 'mnist.png'))).toBe(true);
    expect((await mdm('datasets', 'show', 'checkerboard')).code).toBe(0);
  });

  it('answers bad input with one line and exit code 2, registering nothing', async () => {
    const missing = path.join(home, 'nope');
    const cases: [string[], string][] = [
      [
        ['datasets', 'import', 'cifar10', missing],
        `mdm datasets: ${missing}: no such file or directory`,
      ],
      [
        ['datasets', 'import', 'svhn', missing],
        'mdm datasets: import needs a format, one of cifar10, imagenet32',
      ],
      [
        ['datasets', 'import', 'cifar10'],
        'mdm datasets: import cifar10 needs the PATH of the downloaded files',
      ],
      [
        ['datasets', 'show', 'cifar100'],
        'mdm datasets: cifar100: no such dataset (available: mnist, swiss-roll, eight-gaussians, checkerboard, two-moons)',
      ],
      [
        ['datasets', 'frobnicate'],
        "mdm datasets: unknown sub-command 'frobnicate' (choose list, import, show)",
      ],
      [
        ['datasets', 'show', 'mnist', '--count', 'many'],
        "mdm datasets: --count must be an integer ≥ 1, got 'many'",
      ],
    ];
    for (const [argv, message] of cases) {
      const { code, err, out } = await mdm(...argv);
      expect({ code, err, out }).toEqual({ code: 2, err: message, out: '' });
    }
    expect(fs.existsSync(path.join(home, 'datasets'))).toBe(false);
  });
});
