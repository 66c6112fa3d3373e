import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from '../../../src-main/backend/confine';
import { readManifest } from '../../../src-main/backend/datasets/manifest';
import { CHECKPOINT_FORMAT, loadCheckpoint } from '../../../src-main/backend/train/checkpoint';

/** A checkpoint folder whose files are well-formed but whose state.json names `adamFile`. */
function craftedCheckpoint(adamFile: string, shard = 'weights.bin'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mdm-evil-ckpt-'));
  writeFileSync(
    path.join(dir, 'model.json'),
    JSON.stringify({
      format: CHECKPOINT_FORMAT,
      modelTopology: {},
      weightsManifest: [{ paths: [shard], weights: [] }],
    }),
  );
  writeFileSync(path.join(dir, 'weights.bin'), '');
  writeFileSync(
    path.join(dir, 'state.json'),
    JSON.stringify({
      format: CHECKPOINT_FORMAT,
      version: 1,
      runId: 1,
      step: 1,
      adam: { t: 1, file: adamFile, weights: [] },
      ema: null,
    }),
  );
  return dir;
}

// Attack 3 of issue 13: `adam.file: "../../../../etc/passwd"` in a checkpoint's state was followed.
describe('file names read from checkpoints and manifests stay in their folder', () => {
  it('refuses a checkpoint whose state names ../../etc/passwd with a one-line error', async () => {
    const dir = craftedCheckpoint('../../etc/passwd');
    const error = await loadCheckpoint(dir).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error?.code).toBe('invalid');
    expect(error?.message).toBe(
      `checkpoint file '../../etc/passwd' points outside its folder: it must name a file inside ${dir}`,
    );
    expect(error?.message).not.toContain('\n');
  });

  it('refuses absolute weight shards and NUL bytes in model.json', async () => {
    await expect(loadCheckpoint(craftedCheckpoint('optimizer.bin', '/etc/passwd'))).rejects.toThrow(
      "checkpoint file '/etc/passwd' is absolute",
    );
    await expect(loadCheckpoint(craftedCheckpoint('a\0b'))).rejects.toThrow(/NUL byte/);
  });

  it('refuses a symlink inside the folder that leads out of it', async () => {
    const dir = craftedCheckpoint('optimizer.bin');
    symlinkSync('/etc/passwd', path.join(dir, 'optimizer.bin'));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/is a link out of its folder/);
  });

  it('refuses a dataset manifest naming files outside its cache folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mdm-evil-cache-'));
    const split = { count: 1, images: '../../etc/passwd', labels: 'l', sha256: {} };
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({
        format: 'mdm-dataset-cache',
        version: 1,
        recordBytes: 1,
        splits: { train: split, test: split },
      }),
    );
    await expect(readManifest(dir)).rejects.toThrow(
      "dataset cache file '../../etc/passwd' points outside its folder",
    );
  });

  it('resolves ordinary names, including ones starting with two dots', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mdm-confine-'));
    mkdirSync(path.join(dir, 'sub'));
    expect(resolveInside(dir, 'sub/x.bin', 'file')).toBe(path.join(dir, 'sub', 'x.bin'));
    expect(resolveInside(dir, '..x.bin', 'file')).toBe(path.join(dir, '..x.bin'));
    expect(() => resolveInside(dir, 'sub/../../x', 'file')).toThrow(/points outside/);
    expect(() => resolveInside(dir, '.', 'file')).toThrow(/points outside/);
    expect(() => resolveInside(dir, 7, 'file')).toThrow(/is not a file name/);
  });
});
