import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunDownload } from '#shared/api/downloads';
import { parseRunConfig } from '#shared/config/run-config';
import {
  saveDialogOptions,
  saveExportAs,
  saveExportWithDialog,
  type SaveDialogOptions,
} from '../../../src-main/backend/export/save-as';
import { runExportFile } from '../../../src-main/backend/export/run-export';
import { newRunOf } from '../../../src-main/backend/runs/manager';
import { createRun, openStore } from '../../../src-main/backend/store/index';

const file = { name: 'run-3-samples-step-40.npy', contentType: 'x', chunks: ['ab', 'cd'] };

describe('the app save dialog for exports', () => {
  it('offers the export name in the Downloads folder, filtered to its extension', () => {
    expect(saveDialogOptions(file, '/home/u/Downloads')).toEqual({
      title: 'Save run-3-samples-step-40.npy',
      defaultPath: '/home/u/Downloads/run-3-samples-step-40.npy',
      filters: [
        { name: 'NPY file', extensions: ['npy'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
  });

  it('writes where the user chose, replacing a file the dialog confirmed', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'save-as-'));
    const target = path.join(root, 'chosen', 'points.npy');
    mkdirSync(path.dirname(target));
    writeFileSync(target, 'old');
    mkdirSync(path.join(root, 'data'));
    expect(saveExportAs(path.join(root, 'data'), target, file)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('abcd');
  });

  it("never writes over the data directory's own files, only into its exports folder", () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'save-as-data-'));
    writeFileSync(path.join(data, 'mdm.sqlite'), 'store');
    expect(() => saveExportAs(data, path.join(data, 'mdm.sqlite'), file)).toThrow(
      /inside the data directory/,
    );
    expect(readFileSync(path.join(data, 'mdm.sqlite'), 'utf8')).toBe('store');
    const saved = saveExportAs(data, path.join(data, 'exports', 'a.npy'), file);
    expect(readFileSync(saved, 'utf8')).toBe('abcd');
  });
});

describe('the save-export call of the app', () => {
  const data = mkdtempSync(path.join(os.tmpdir(), 'save-export-'));
  const db = openStore(path.join(data, 'mdm.sqlite'));
  const config = parseRunConfig({ name: 'r', diffusion: { preset: 'malda', k: 2 } });
  const runId = createRun(db, { ...newRunOf(config), totalSteps: 10 }).id;
  const download = async (request: RunDownload) => runExportFile(db, request);
  const chosenDir = mkdtempSync(path.join(os.tmpdir(), 'save-export-chosen-'));
  /** The dialog as the user answers it: the options it was opened with are kept. */
  const asked: SaveDialogOptions[] = [];
  const answer = (filePath: string | null) => async (options: SaveDialogOptions) => {
    asked.push(options);
    return filePath === null ? { canceled: true } : { canceled: false, filePath };
  };
  const deps = (filePath: string | null) => ({
    download,
    dataDir: data,
    downloadsDir: '/home/u/Downloads',
    ask: answer(filePath),
  });

  it('asks with the export name and saves the bytes a download gets where the user chose', async () => {
    const target = path.join(chosenDir, 'mine.zip');
    const reply = await saveExportWithDialog(deps(target), { runId, what: 'params' });
    expect(reply).toEqual({ ok: true, result: { path: target } });
    expect(asked.at(-1)?.defaultPath).toBe(`/home/u/Downloads/run-${runId}-params.zip`);
    const built = Buffer.concat(
      [...(await download({ runId, what: 'params' })).chunks].map((c) => Buffer.from(c)),
    );
    expect(readFileSync(target)).toEqual(built);
  });

  it('writes nothing when the user cancels', async () => {
    const before = readdirSync(chosenDir);
    const reply = await saveExportWithDialog(deps(null), { runId, what: 'metrics-csv' });
    expect(reply).toEqual({ ok: true, result: { path: null } });
    expect(readdirSync(chosenDir)).toEqual(before);
  });

  it('refuses a request that names a path before any dialog opens', async () => {
    const count = asked.length;
    const reply = await saveExportWithDialog(deps(path.join(chosenDir, 'x')), {
      runId,
      what: 'params',
      folder: '/etc',
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'folder: is not a known field' },
    });
    expect(asked.length).toBe(count);
  });

  it('refuses to save over the store even when the dialog points at it', async () => {
    const store = path.join(data, 'mdm.sqlite');
    const before = readFileSync(store);
    const reply = await saveExportWithDialog(deps(store), { runId, what: 'metrics-csv' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(readFileSync(store)).toEqual(before);
  });
});
