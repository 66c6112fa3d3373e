import type { Handlers } from '#shared/api/contract';
import { MdmError } from '#shared/errors';
import type { RunManager } from '../runs/manager';
import type { SweepHandlerName } from './sweeps';
import type { RemoteHandlerName } from '../remotes/hub';
import {
  diffusionParamsSeries,
  getRun,
  getSample,
  getSamplePoints,
  listCheckpoints,
  listRunEvents,
  listRuns,
  listSamples,
  metricKeys,
  metricSeries,
  metricSummaries,
  shownRun,
  type StoreDb,
} from '../store/index';
import type { RunExporter } from '../export/run-export';
import type { BackendCheck } from './backend-check';
import type { DesignHandlerName } from './designs';

type RunHandlers = Omit<
  Handlers,
  | 'system-info'
  | 'datasets-list'
  | 'datasets-thumbnail'
  | 'datasets-points'
  | 'diffusion-verify'
  | 'runs-evaluate'
  | 'runs-sample'
  | 'cluster-jobs-list'
  | 'runs-update'
  | SweepHandlerName
  | DesignHandlerName
  | RemoteHandlerName
>;

/** The runs half of the contract (issue 6): reads go to the store, changes through the run manager. */
export function runHandlers(
  db: StoreDb,
  manager: RunManager | { unavailable: string },
  exporter: RunExporter,
  ownerAlive: () => boolean,
  checkBackend: BackendCheck,
): RunHandlers {
  const owner = (): RunManager => {
    if ('unavailable' in manager) throw new MdmError('unavailable', manager.unavailable);
    return manager;
  };
  return {
    // A 'running' row whose owner is gone (kill -9 of `mdm train`) reads as interrupted everywhere at once.
    'runs-list': async (request) => listRuns(db, request, { ownerAlive: ownerAlive() }),
    'runs-get': async ({ runId }) => {
      const summaries = metricSummaries(db, runId);
      return {
        run: {
          ...shownRun(getRun(db, runId), ownerAlive()),
          metrics: Object.fromEntries(summaries.map((m) => [m.key, m])),
        },
        metricKeys: metricKeys(db, runId),
        checkpoints: listCheckpoints(db, runId),
      };
    },
    // The manager checks a new run's backend (checkBackend) once its config is resolved; a copy's too.
    'runs-create': async ({ config }) => owner().create(config),
    'runs-stop': async ({ runId }) => owner().stop(runId),
    'runs-resume': async ({ runId, backend }) => {
      const { config } = getRun(db, runId);
      await checkBackend({ ...config, backend: backend ?? config.backend });
      return owner().resume(runId, backend);
    },
    'runs-duplicate': async ({ runId, name }) => owner().duplicate(runId, name),
    'runs-delete': async ({ runId, force }) => {
      await owner().delete(runId, force ?? false);
      return { deleted: runId };
    },
    'runs-export': async (request) => ({ paths: await exporter(db, request) }),
    'metrics-series': async ({ runId, key, maxPoints }) =>
      metricSeries(db, runId, key, { maxPoints }),
    'samples-list': async ({ runId, kind }) => listSamples(db, runId, kind),
    'samples-get': async ({ sampleId }) => {
      const { png, ...info } = getSample(db, sampleId);
      return { ...info, pngBase64: png ? png.toString('base64') : '' };
    },
    'samples-points': async ({ sampleId }) => ({
      points: Array.from(getSamplePoints(db, sampleId) ?? []),
    }),
    'diffusion-params-series': async ({ runId, maxPoints }) => (
      getRun(db, runId),
      diffusionParamsSeries(db, runId, { maxPoints })
    ),
    'run-events-list': async ({ runId, afterId, limit }) =>
      listRunEvents(db, runId, { afterId, limit }),
  };
}
