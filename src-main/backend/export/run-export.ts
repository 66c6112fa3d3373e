import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MdmError } from '#shared/errors';
import type { RequestOf } from '#shared/api/contract';
import { specOfChoice } from '#shared/config/diffusion-choice';
import type { DiffusionParamsExport } from '#shared/config/params-export';
import {
  diffusionParamsSeries,
  getRun,
  getSample,
  latestCheckpoint,
  listSamples,
  metricsCsv,
  metricsJson,
  type StoreDb,
} from '../store/index';
import { refuseRemotePath, type PathPolicy } from '../confine';
import { checkExportFileName, exportFolder, writeExportFile } from './export-file';
import { zipArchive, type ZipEntry } from './zip-writer';

type ExportRequest = RequestOf<'runs-export'>;

const extensions: Record<ExportRequest['what'], string> = {
  samples: 'zip',
  params: 'zip',
  'metrics-csv': 'csv',
  'metrics-json': 'json',
  weights: 'zip',
};

const paramsReadme = `# Learned diffusion parameters (MDM Studio)

params.json holds the linear forward diffusion of one run (Singhal, Goldstein & Ranganath,
ICLR 2023, eq. 16): du = −β(t)(Q + D) u dt + sqrt(2β(t) D) dW with β(t) = β0 + (β1 − β0) t.
"steps" lists Q (skew-symmetric) and D (symmetric PSD) as K×K arrays of rows at each recorded
training step; the first entry is the diffusion the run started from. "sigmaV2" is the variance of
the initial auxiliary variables, q(v0 | x) = N(0, σv² I).
`;

function samplesZip(db: StoreDb, runId: number): Buffer {
  const entries: ZipEntry[] = listSamples(db, runId).map((info) => {
    const { png, path: file } = getSample(db, info.id);
    const data = png ?? (file ? readFileSync(file) : null);
    if (!data) throw new MdmError('internal', `sample ${info.id} has neither PNG bytes nor a file`);
    return { name: `${info.kind}-step-${String(info.step).padStart(7, '0')}.png`, data };
  });
  if (entries.length === 0) throw new MdmError('conflict', `run ${runId} has no samples yet`);
  return zipArchive(entries);
}

function paramsZip(db: StoreDb, runId: number): Buffer {
  const run = getRun(db, runId);
  const config = run.config;
  const initial = specOfChoice(config.diffusion, config.seed);
  const recorded = diffusionParamsSeries(db, runId).map(({ step, q, d }) => ({ step, q, d }));
  const file: DiffusionParamsExport = {
    format: 'mdm-studio/diffusion-params@1',
    run: { id: run.id, name: run.name, diffusion: run.diffusion },
    k: initial.k,
    schedule: initial.schedule,
    sigmaV2: initial.sigmaV2,
    steps:
      recorded[0]?.step === 0 ? recorded : [{ step: 0, q: initial.q, d: initial.d }, ...recorded],
  };
  return zipArchive([
    { name: 'params.json', data: Buffer.from(JSON.stringify(file, null, 2)) },
    { name: 'README.md', data: Buffer.from(paramsReadme) },
  ]);
}

/** The latest checkpoint's network weights in tfjs format (model.json + weights.bin). */
function weightsZip(db: StoreDb, runId: number): Buffer {
  const checkpoint = latestCheckpoint(db, runId);
  if (!checkpoint || !existsSync(checkpoint.path)) {
    throw new MdmError('conflict', `run ${runId} has no checkpoint on disk to export weights from`);
  }
  const files = readdirSync(checkpoint.path).filter(
    (f) => f === 'model.json' || f.endsWith('.bin'),
  );
  return zipArchive(
    files.map((f) => ({ name: f, data: readFileSync(path.join(checkpoint.path, f)) })),
  );
}

/** The bytes of one export, built before any file is touched (zips) or streamed from the store (metrics). */
function contents(db: StoreDb, request: ExportRequest): Iterable<string | Uint8Array> {
  switch (request.what) {
    case 'samples':
      return [samplesZip(db, request.runId)];
    case 'params':
      return [paramsZip(db, request.runId)];
    case 'weights':
      return [weightsZip(db, request.runId)];
    case 'metrics-csv':
      return metricsCsv(db, request.runId);
    case 'metrics-json':
      return metricsJson(db, request.runId);
  }
}

/**
 * Writes one export of a run (issue 6) and returns the written paths: into `<data dir>/exports`, or the
 * request's folder when `policy.localPaths` (the CLI's --folder; never over IPC or HTTP).
 */
export function exportRunTo(dataDir: string, policy: PathPolicy) {
  return async (db: StoreDb, request: ExportRequest): Promise<string[]> => {
    refuseRemotePath(policy, 'folder', request.folder);
    getRun(db, request.runId);
    const name = checkExportFileName(
      request.fileName ?? `run-${request.runId}-${request.what}.${extensions[request.what]}`,
    );
    const folder = exportFolder(dataDir, request.folder);
    const target = writeExportFile(folder, name, contents(db, request), {
      overwrite: request.overwrite ?? false,
      pickFree: request.fileName === undefined,
    });
    return [target];
  };
}

export type RunExporter = ReturnType<typeof exportRunTo>;
