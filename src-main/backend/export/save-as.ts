/** The app's save dialog for run exports (Electron-free parts): what it offers, and writing where the user chose. */
import path from 'node:path';
import { exportFolder, writeExportFile } from './export-file';
import type { ExportFile } from './run-export';

/** Dialog options: the export's own name in `folder` (the user's Downloads), filtered to its extension. */
export function saveDialogOptions(file: ExportFile, folder: string) {
  const ext = path.extname(file.name).slice(1);
  return {
    title: `Save ${file.name}`,
    defaultPath: path.join(folder, file.name),
    filters: [
      { name: `${ext.toUpperCase()} file`, extensions: [ext] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}

/**
 * Writes an export to the file the user picked in the save dialog (which already asked before
 * replacing one), never into the data directory's own files: only its exports folder is allowed there.
 */
export function saveExportAs(dataDir: string, target: string, file: ExportFile): string {
  const folder = exportFolder(dataDir, path.dirname(path.resolve(target)));
  return writeExportFile(folder, path.basename(target), file.chunks, {
    overwrite: true,
    pickFree: false,
  });
}
