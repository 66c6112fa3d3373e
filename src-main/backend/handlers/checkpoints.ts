import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckpointTask } from '#shared/api/checkpoint-tasks';
import type { Handlers, RequestOf } from '#shared/api/contract';
import { MdmError } from '#shared/errors';
import { refuseRemotePath, type PathPolicy } from '../confine';
import type { EventBus } from '../events';
import { checkExportFileName, exportFolder, writeExportFile } from '../export/export-file';
import { encodePng } from '../export/png';
import { latestCheckpoint, type StoreDb } from '../store/index';
import type { BackendName } from '#shared/config/run-config';
import { selectBackend } from '../train/backend';
import { checkpointDirName } from '../train/checkpoint';
import { evaluate } from '../train/evaluate';
import { byTenths } from '../progress';
import { openCheckpointDataset, restoreModel, type RestoredModel } from '../train/restore';
import { drawSamples } from '../train/sample';
import { samplesImage } from '../train/sample-image';

/** Samples drawn at once; more are drawn in batches of this size. */
const SAMPLE_BATCH = 256;

type Source = Pick<RequestOf<'runs-evaluate'>, 'runId' | 'checkpoint' | 'backend'>;

/** The checkpoint folder a request names: the folder given, or the latest checkpoint of the run. */
function checkpointFolder(db: StoreDb, source: Source, policy: PathPolicy): string {
  refuseRemotePath(policy, 'checkpoint', source.checkpoint);
  if (source.runId !== undefined && source.checkpoint !== undefined)
    throw new MdmError('invalid', 'give either a run or a checkpoint folder, not both');
  if (source.checkpoint !== undefined) {
    const dir = path.resolve(source.checkpoint);
    if (!existsSync(path.join(dir, 'state.json')))
      throw new MdmError('invalid', `${dir} is not a checkpoint folder (it has no state.json)`);
    return dir;
  }
  if (source.runId === undefined)
    throw new MdmError('invalid', 'which model? give a run or a checkpoint folder');
  const checkpoint = latestCheckpoint(db, source.runId);
  if (!checkpoint) throw new MdmError('conflict', `run ${source.runId} has no checkpoint yet`);
  if (!existsSync(checkpoint.path))
    throw new MdmError(
      'not_found',
      `run ${source.runId}'s latest checkpoint ${checkpoint.path} is missing on disk`,
    );
  return checkpoint.path;
}

/** Activates the backend asked for (auto: the best that loads). */
async function activate(backend: Source['backend']): Promise<BackendName> {
  try {
    return (await selectBackend(backend && backend !== 'auto' ? { prefer: backend } : {})).chosen;
  } catch (error) {
    throw new MdmError('unavailable', error instanceof Error ? error.message : String(error));
  }
}

/** Runs `task` on the restored checkpoint and adds what it ran on; the model is disposed after. */
async function withCheckpoint<R>(
  db: StoreDb,
  source: Source,
  policy: PathPolicy,
  task: (restored: RestoredModel, dir: string) => Promise<R>,
): Promise<R & CheckpointTask> {
  const dir = checkpointFolder(db, source, policy);
  const backend = await activate(source.backend);
  const restored = await restoreModel(dir);
  try {
    const started = performance.now();
    const result = await task(restored, dir);
    const c = restored.checkpoint;
    return {
      ...result,
      runId: source.runId ?? null,
      checkpoint: dir,
      step: c.step,
      dataset: c.dataset.name,
      datasetKind: c.dataset.kind,
      diffusion: c.diffusion.name,
      k: c.diffusion.k,
      ema: restored.usesEma,
      backend,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    restored.dispose();
  }
}

/** Emits checkpoint-task-progressed at the start and at each further tenth of the work. */
function tenths(
  events: EventBus,
  base: { runId: number | null; checkpoint: string; task: 'evaluate' | 'sample' },
): (done: number, total: number) => void {
  return byTenths(
    (done, total) => events.emit('checkpoint-task-progressed', { ...base, done, total }),
    { atStart: true },
  );
}

/** Where samples go by default: the run's samples folder, or the exports folder for a loose checkpoint. */
function defaultSampleFolder(dir: string, exportsDir: string): string {
  const parent = path.dirname(dir);
  return path.basename(parent) === 'checkpoints'
    ? path.join(path.dirname(parent), 'samples')
    : exportsDir;
}

/** The file a sample request writes: inside its folder, never outside it. */
function sampleTarget(folder: string, fileName: string): string {
  const target = path.resolve(folder, fileName);
  if (path.dirname(target) !== path.resolve(folder))
    throw new MdmError(
      'invalid',
      `sample file '${fileName}' would land outside the folder ${folder}`,
    );
  return target;
}

/**
 * Where a sample PNG goes, checked before any sampling: where the local user said (or the run's samples
 * folder), or, over IPC and HTTP, `<data dir>/exports` without replacing any file. Returns the writer.
 */
function sampleWriter(
  dir: string,
  request: RequestOf<'runs-sample'>,
  defaultName: string,
  dataDir: string,
  policy: PathPolicy,
): (png: Buffer) => string {
  if (!policy.localPaths) {
    const name = checkExportFileName(request.fileName ?? defaultName);
    const folder = exportFolder(dataDir);
    return (png) =>
      writeExportFile(folder, name, [png], {
        overwrite: false,
        pickFree: request.fileName === undefined,
      });
  }
  const exportsDir = path.join(dataDir, 'exports');
  const folder = path.resolve(request.folder ?? defaultSampleFolder(dir, exportsDir));
  const file = sampleTarget(folder, request.fileName ?? defaultName);
  return (png) => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, png);
    return file;
  };
}

/** 'runs-evaluate' and 'runs-sample': a trained checkpoint's test ELBO and samples, in this process. */
export function checkpointHandlers(
  db: StoreDb,
  events: EventBus,
  dataDir: string,
  policy: PathPolicy,
): Pick<Handlers, 'runs-evaluate' | 'runs-sample'> {
  return {
    'runs-evaluate': (request) =>
      withCheckpoint(db, request, policy, async (restored, dir) => {
        const c = restored.checkpoint;
        const progress = tenths(events, {
          runId: request.runId ?? null,
          checkpoint: dir,
          task: 'evaluate',
        });
        return evaluate(restored.model, restored.diffusion, await openCheckpointDataset(c), {
          images: request.images ?? 0,
          batchSize: request.batchSize ?? 100,
          transform: c.config.transform,
          seed: request.seed ?? 0,
          tSampling: c.config.tSampling,
          estimator: request.estimator ?? 'elbo',
          onProgress: progress,
        });
      }),
    'runs-sample': (request) => {
      refuseRemotePath(policy, 'folder', request.folder);
      return withCheckpoint(db, request, policy, async (restored, dir) => {
        const c = restored.checkpoint;
        const method = request.method ?? 'em';
        const steps = request.steps ?? 500;
        const seed = request.seed ?? 0;
        const count = request.count ?? (c.dataset.kind === 'points' ? 2000 : 64);
        const defaultName = `${checkpointDirName(c.step)}-${method}.png`;
        const write = sampleWriter(dir, request, defaultName, dataDir, policy);
        const progress = tenths(events, {
          runId: request.runId ?? null,
          checkpoint: dir,
          task: 'sample',
        });
        // Progress over all batches: each batch runs the sampler's `steps` steps.
        const batches = Math.ceil(count / SAMPLE_BATCH);
        let batch = -1;
        const x = await drawSamples(restored.model, c.diffusion, {
          count,
          shape: c.dataset.shape,
          method,
          steps,
          seed,
          maxBatch: SAMPLE_BATCH,
          onStep: ({ index }) => {
            if (index === 1) batch++;
            progress(batch * steps + index, batches * steps);
          },
        });
        const image = samplesImage(x, count, c.dataset, c.config.transform);
        const file = write(encodePng(image));
        return { path: file, count, steps, method, seed, width: image.width, height: image.height };
      });
    },
  };
}
