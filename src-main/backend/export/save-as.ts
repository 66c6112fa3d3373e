/** The app's save dialog for run exports (Electron-free parts): what it offers, and writing where the user chose. */
import path from 'node:path';
import { runDownloadSchema, type RunDownload } from '#shared/api/downloads';
import type { Envelope } from '#shared/api/errors';
import { errorPayload } from '#shared/errors';
import { exportFolder, writeExportFile } from './export-file';
import type { ExportFile } from './run-export';

export type SaveDialogOptions = ReturnType<typeof saveDialogOptions>;

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

/** What the app's save handler needs: the export builder, the data directory, and the dialog (Electron's in the app). */
export interface SaveExportDeps {
  download: (request: RunDownload) => Promise<ExportFile>;
  dataDir: string;
  downloadsDir: string;
  ask: (options: SaveDialogOptions) => Promise<{ canceled: boolean; filePath?: string }>;
}

/**
 * One `mdm:save-export` call: the untrusted request checked (it names an export, never a path),
 * the export built, the user asked where to save it, the file written; path null when cancelled.
 */
export async function saveExportWithDialog(
  deps: SaveExportDeps,
  request: unknown,
): Promise<Envelope<{ path: string | null }>> {
  try {
    const file = await deps.download(runDownloadSchema.parse(request));
    const chosen = await deps.ask(saveDialogOptions(file, deps.downloadsDir));
    const saved =
      chosen.canceled || !chosen.filePath
        ? null
        : saveExportAs(deps.dataDir, chosen.filePath, file);
    return { ok: true, result: { path: saved } };
  } catch (error) {
    return { ok: false, error: errorPayload(error) };
  }
}
