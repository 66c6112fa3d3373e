import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveDialogOptions, saveExportAs } from '../../../src-main/backend/export/save-as';

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
