import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MdmError } from '#shared/errors';
import type { RequestOf } from '#shared/api/contract';
import type { RunDownload } from '#shared/api/downloads';
import { getRun, latestCheckpoint, metricsCsv, metricsJson, type StoreDb } from '../store/index';
import { refuseRemotePath, type PathPolicy } from '../confine';
import { checkExportFileName, exportFolder, writeExportFile } from './export-file';
import { paramsCsv, paramsZip } from './params-exports';
import { samplesZip, sampleFile } from './sample-exports';
import { zipArchive } from './zip-writer';

type ExportRequest = RequestOf<'runs-export'>;

/** One export's bytes and how to present them: a default file name and a media type. */
export interface ExportFile {
  name: string;
  contentType: string;
  chunks: Iterable<string | Uint8Array>;
}

const contentTypes = {
  zip: 'application/zip',
  png: 'image/png',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  npy: 'application/octet-stream',
} as const;
type Extension = keyof typeof contentTypes;

/** The latest checkpoint's network weights in tfjs format (model.json + weights.bin), dated when it was saved. */
function weightsZip(db: StoreDb, runId: number): Buffer {
  const checkpoint = latestCheckpoint(db, runId);
  if (!checkpoint || !existsSync(checkpoint.path)) {
    throw new MdmError('conflict', `run ${runId} has no checkpoint on disk to export weights from`);
  }
  const files = readdirSync(checkpoint.path).filter(
    (f) => f === 'model.json' || f.endsWith('.bin'),
  );
  const date = new Date(checkpoint.createdAt);
  return zipArchive(
    files.map((f) => ({ name: f, data: readFileSync(path.join(checkpoint.path, f)), date })),
  );
}

/**
 * One export of a run, built from the store (zips and sample files before anything is sent or
 * written; metrics streamed). The one way each export is made: files, downloads and save dialogs.
 */
export function runExportFile(db: StoreDb, request: RunDownload): ExportFile {
  const { runId, what, step } = request;
  getRun(db, runId);
  const file = (ext: Extension, chunks: Iterable<string | Uint8Array>, suffix: string = what) => ({
    name: `run-${runId}-${suffix}.${ext}`,
    contentType: contentTypes[ext],
    chunks,
  });
  switch (what) {
    case 'samples':
      return file('zip', [samplesZip(db, runId)]);
    case 'samples-png':
    case 'samples-csv':
    case 'samples-npy': {
      const ext = what.slice('samples-'.length) as 'png' | 'csv' | 'npy';
      const sample = sampleFile(db, runId, ext, step);
      return file(ext, [sample.data], `samples-step-${sample.step}`);
    }
    case 'params':
      return file('zip', [paramsZip(db, runId)]);
    case 'params-csv':
      return file('csv', [paramsCsv(db, runId)]);
    case 'weights':
      return file('zip', [weightsZip(db, runId)]);
    case 'metrics-csv':
      return file('csv', metricsCsv(db, runId));
    case 'metrics-json':
      return file('json', metricsJson(db, runId));
  }
}

/**
 * Writes one export of a run (issue 6) and returns the written paths: into `<data dir>/exports`, or the
 * request's folder when `policy.localPaths` (the CLI's --folder; never over IPC or HTTP).
 */
export function exportRunTo(dataDir: string, policy: PathPolicy) {
  return async (db: StoreDb, request: ExportRequest): Promise<string[]> => {
    refuseRemotePath(policy, 'folder', request.folder);
    // A bad name is refused before anything is built.
    const given =
      request.fileName === undefined ? undefined : checkExportFileName(request.fileName);
    const { runId, what, step } = request;
    const exported = runExportFile(db, { runId, what, ...(step === undefined ? {} : { step }) });
    const name = given ?? exported.name;
    const folder = exportFolder(dataDir, request.folder);
    const target = writeExportFile(folder, name, exported.chunks, {
      overwrite: request.overwrite ?? false,
      pickFree: request.fileName === undefined,
    });
    return [target];
  };
}

export type RunExporter = ReturnType<typeof exportRunTo>;
