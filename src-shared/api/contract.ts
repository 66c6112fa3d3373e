import * as s from './schema';
import type { Infer, Schema } from './schema';
import { isRunSortKey, RUN_STATUSES } from './runs';
import type {
  Checkpoint,
  DiffusionParams,
  MetricSeries,
  Run,
  RunEvent,
  RunPage,
  RunStatus,
  RunWithMetrics,
  SampleInfo,
} from './runs';
import { exportTargetFields } from './downloads';
import { SAMPLE_METHODS, type RunEvaluation, type RunSamples } from './checkpoint-tasks';
import type { SystemInfo } from './system';
import type { ClusterJob } from './cluster';
import type { Envelope } from './errors';
import type { ServerInfo } from './servers';
import type { Sweep, SweepDetail } from './sweeps';
import { designNameSchema, type SavedDesign } from './designs';
import { sweepSpecSchema } from '../config/sweep';
import type { DatasetInfo } from './datasets';
import type { VerifyReport } from '../mdm/tensor/verify';
import {
  backendChoiceSchema,
  diffusionChoiceSchema,
  runNameSchema,
  runNotesSchema,
} from '../config/run-config';
import { LIMITS } from '../mdm/limits';

/** A handler's request schema (validated at the boundary) and its response type (phantom). */
interface HandlerSpec<Req, Res> {
  request: Schema<Req>;
  response?: Res;
}

const runId = s.number({ integer: true, min: 1 });
const sweepId = s.number({ integer: true, min: 1 });
const serverName = s.string({ minLength: 1, maxLength: 64, pattern: /^[\w.-]+$/ });
const runSortKey = s.guard(isRunSortKey, 'a runs column or metric:<key>:last|min|max');

/** Which checkpoint: a run's latest, or a checkpoint folder (exactly one of the two). */
const checkpointSource = {
  runId: s.optional(runId),
  checkpoint: s.optional(s.string({ minLength: 1 })),
};

/** One tag of a run: a short label, without surrounding spaces. */
const runTagSchema = s.guard(
  (v): v is string => typeof v === 'string' && v.length <= 50 && /^\S(.*\S)?$/.test(v),
  'a tag of 1 to 50 characters without spaces at either end',
);

/** A change of runs that another process took (a stop, resume, create, …): the pid of the one that trains the data directory (docs/architecture.md §3). */
export interface AskedOwner {
  askedPid?: number;
}

function handler<Res>() {
  return <Req>(request: Schema<Req>): HandlerSpec<Req, Res> => ({ request });
}

/** Every backend call, named 'domain-verb'. Adding one here makes every transport and the backend implement it. */
export const contract = {
  'system-info': handler<SystemInfo>()(s.object({})),
  'runs-list': handler<RunPage>()(
    s.object({
      filter: s.optional(
        s.object({
          status: s.optional(s.array(s.literal(...RUN_STATUSES))),
          dataset: s.optional(s.string()),
          diffusion: s.optional(s.string()),
          tag: s.optional(s.string()),
          text: s.optional(s.string({ maxLength: 200 })),
        }),
      ),
      sort: s.optional(
        s.object({
          key: runSortKey,
          dir: s.literal('asc', 'desc'),
        }),
      ),
      offset: s.optional(s.number({ integer: true, min: 0 })),
      limit: s.optional(s.number({ integer: true, min: 1, max: 5000 })),
      metricKeys: s.optional(s.array(s.string(), { maxLength: 100 })),
    }),
  ),
  'runs-get': handler<RunDetail>()(s.object({ runId })),
  /** `config` is merged over the default run configuration and validated field by field. */
  'runs-create': handler<Run & AskedOwner>()(s.object({ config: s.json() })),
  'runs-stop': handler<Run & AskedOwner>()(s.object({ runId })),
  /** Queues a run again; `backend` moves it to another compute backend (checked like a new run's). */
  'runs-resume': handler<Run & AskedOwner>()(
    s.object({ runId, backend: s.optional(backendChoiceSchema) }),
  ),
  /** Renames a run or replaces its notes (Markdown) or tags, in any status; fields left out keep their value. */
  'runs-update': handler<Run>()(
    s.object({
      runId,
      name: s.optional(runNameSchema),
      notes: s.optional(runNotesSchema),
      tags: s.optional(s.array(runTagSchema, { maxLength: 32 })),
    }),
  ),
  'runs-duplicate': handler<Run & AskedOwner>()(
    s.object({ runId, name: s.optional(runNameSchema) }),
  ),
  'runs-delete': handler<{ deleted: number } & AskedOwner>()(
    s.object({ runId, force: s.optional(s.boolean()) }),
  ),
  'runs-export': handler<{ paths: string[] }>()(
    s.object({
      ...exportTargetFields,
      /** Folder to write into, from the command line only (IPC and HTTP refuse it): default <data dir>/exports. */
      folder: s.optional(s.string({ minLength: 1 })),
      /** A plain file name (no folders); default run-ID-WHAT.EXT, numbered when taken. */
      fileName: s.optional(s.string({ minLength: 1, maxLength: 200 })),
      /** Replace an existing file of that name; without it an existing file is refused. */
      overwrite: s.optional(s.boolean()),
    }),
  ),
  /** Test-set ELBO of a run's latest checkpoint (or a checkpoint folder); progress as checkpoint-task-progressed. */
  'runs-evaluate': handler<RunEvaluation>()(
    s.object({
      ...checkpointSource,
      /** Test examples from the start of the split; 0 or absent: all. */
      images: s.optional(s.number({ integer: true, min: 0 })),
      batchSize: s.optional(s.number({ integer: true, min: 1, max: 4096 })),
      seed: s.optional(s.number({ integer: true, min: 0 })),
      backend: s.optional(backendChoiceSchema),
      /** 'ode' adds the probability-flow ODE likelihood beside the ELBO (docs/science.md §7). */
      estimator: s.optional(s.literal('elbo', 'ode')),
    }),
  ),
  /** Samples of a run's latest checkpoint (or a checkpoint folder) as a PNG; progress as checkpoint-task-progressed. */
  'runs-sample': handler<RunSamples>()(
    s.object({
      ...checkpointSource,
      count: s.optional(s.number({ integer: true, min: 1, max: 100_000 })),
      steps: s.optional(s.number({ integer: true, min: 1, max: LIMITS.maxSampleSteps })),
      method: s.optional(s.literal(...SAMPLE_METHODS)),
      seed: s.optional(s.number({ integer: true, min: 0 })),
      /** Folder to write into (default: the run's samples folder); the file never lands outside it. */
      folder: s.optional(s.string({ minLength: 1 })),
      /** A .png name (default step-NNNNNNN-METHOD.png). */
      fileName: s.optional(s.string({ minLength: 5, maxLength: 200, pattern: /\.png$/i })),
      backend: s.optional(backendChoiceSchema),
    }),
  ),
  'metrics-series': handler<MetricSeries>()(
    s.object({
      runId,
      key: s.string({ minLength: 1 }),
      maxPoints: s.optional(s.number({ integer: true, min: 2 })),
    }),
  ),
  'samples-list': handler<SampleInfo[]>()(s.object({ runId, kind: s.optional(s.string()) })),
  'samples-get': handler<SampleInfo & { pngBase64: string }>()(s.object({ sampleId: runId })),
  /** The 2-D points [n, 2] behind a sample's picture, flattened x0, y0, x1, …; [] for images. */
  'samples-points': handler<{ points: number[] }>()(s.object({ sampleId: runId })),
  'diffusion-params-series': handler<DiffusionParams[]>()(
    s.object({ runId, maxPoints: s.optional(s.number({ integer: true, min: 2 })) }),
  ),
  'datasets-list': handler<DatasetInfo[]>()(s.object({})),
  'datasets-thumbnail': handler<{ pngBase64: string; width: number; height: number }>()(
    s.object({
      name: s.string({ minLength: 1 }),
      count: s.optional(s.number({ integer: true, min: 1, max: 64 })),
    }),
  ),
  /** The first `count` training points [n, 2] of a 2-D dataset, flattened (the scatter's backdrop). */
  'datasets-points': handler<{ points: number[] }>()(
    s.object({
      name: s.string({ minLength: 1 }),
      count: s.optional(s.number({ integer: true, min: 1, max: 20_000 })),
    }),
  ),
  /** The exact-score check of docs/science.md §4 on Gaussian data x ~ N(μ, s²) for a designed diffusion. */
  'diffusion-verify': handler<VerifyReport>()(
    s.object({
      diffusion: diffusionChoiceSchema,
      samples: s.optional(s.number({ integer: true, min: 100, max: 20_000 })),
      seed: s.optional(s.number({ integer: true, min: 0 })),
    }),
  ),
  /** The saved diffusion designs, by name. */
  'designs-list': handler<SavedDesign[]>()(s.object({})),
  /** Keeps a designed diffusion under a new name, refused (naming the matrix at fault) when run creation would refuse it. */
  'designs-save': handler<SavedDesign>()(
    s.object({ name: designNameSchema, choice: diffusionChoiceSchema }),
  ),
  'designs-delete': handler<{ deleted: boolean }>()(s.object({ name: designNameSchema })),
  /** A run's Slurm jobs (id, node, state, reason, output tail), oldest first; [] for runs trained locally. */
  'cluster-jobs-list': handler<ClusterJob[]>()(s.object({ runId })),
  /** Queues a grid of diffusions × seeds (× one other setting) under one protocol as tagged runs. */
  'sweeps-create': handler<Sweep & AskedOwner>()(s.object({ spec: sweepSpecSchema })),
  'sweeps-list': handler<Sweep[]>()(s.object({})),
  /** A sweep, its member runs (status, progress, metrics) and its results table beside the paper's. */
  'sweeps-show': handler<SweepDetail>()(s.object({ sweepId })),
  'sweeps-stop': handler<Sweep & AskedOwner>()(s.object({ sweepId })),
  'sweeps-resume': handler<Sweep & AskedOwner>()(s.object({ sweepId })),
  'sweeps-export': handler<{ format: 'csv' | 'json' | 'markdown'; text: string }>()(
    s.object({ sweepId, format: s.literal('csv', 'json', 'markdown') }),
  ),
  /** The remote servers this backend proxies to, with whether each is online (tokens stay here). */
  'servers-list': handler<ServerInfo[]>()(s.object({})),
  /** Remembers a remote `mdm serve` (URL and its token) once it answers, and follows its events. */
  'servers-add': handler<ServerInfo>()(
    s.object({
      name: serverName,
      url: s.string({ minLength: 1, maxLength: 300 }),
      token: s.string({ minLength: 1, maxLength: 500 }),
    }),
  ),
  'servers-remove': handler<{ removed: boolean }>()(s.object({ name: serverName })),
  /**
   * One contract call on a remote server, made by this backend with the remote's token. Its answer,
   * a failure or an unreachable server included, is the remote's envelope: the local call succeeded.
   */
  'remote-invoke': handler<Envelope<unknown>>()(
    s.object({ server: serverName, name: s.string({ minLength: 1 }), request: s.json() }),
  ),
  'run-events-list': handler<RunEvent[]>()(
    s.object({
      runId,
      afterId: s.optional(s.number({ integer: true, min: 0 })),
      limit: s.optional(s.number({ integer: true, min: 1, max: 10_000 })),
    }),
  ),
};

/** Everything the run detail view needs at once; series load lazily through metrics-series. */
export interface RunDetail {
  run: RunWithMetrics;
  metricKeys: string[];
  checkpoints: Checkpoint[];
}

/** Every backend → renderer event, named in the past tense, with its payload type. */
export interface Events {
  'run-status-changed': { runId: number; status: RunStatus; error: string | null };
  'run-progressed': { runId: number; step: number; total: number };
  'metrics-appended': {
    runId: number;
    points: { key: string; step: number; value: number | null; time: number }[];
  };
  'sample-ready': { runId: number; sampleId: number; step: number; kind: string };
  'checkpoint-saved': { runId: number; step: number };
  'run-event-added': RunEvent;
  /** A run was renamed or its notes or tags changed (runs-update). */
  'run-updated': { runId: number };
  'diffusion-params-recorded': { runId: number; step: number };
  /** Progress of runs-evaluate or runs-sample, at each tenth; runId is null for a loose checkpoint. */
  'checkpoint-task-progressed': {
    runId: number | null;
    checkpoint: string;
    task: 'evaluate' | 'sample';
    done: number;
    total: number;
  };
  /** A run's Slurm job was submitted, changed state or ended. */
  'cluster-job-changed': ClusterJob;
  /** A sweep was created, stopped or resumed (its members' changes come as run events). */
  'sweep-changed': { sweepId: number };
  /** A remote server went offline or came back (or was added or removed: `removed`). */
  'server-status-changed': ServerInfo & { removed?: boolean };
  /** An event of a remote server, forwarded by the backend that follows its stream. */
  'remote-event': { server: string; name: string; payload: unknown };
}

export type HandlerName = keyof typeof contract;
export type RequestOf<N extends HandlerName> = Infer<(typeof contract)[N]['request']>;
export type ResponseOf<N extends HandlerName> = NonNullable<(typeof contract)[N]['response']>;
export type EventName = keyof Events;

/** The backend's side of the contract: one async function per handler. */
export type Handlers = { [N in HandlerName]: (request: RequestOf<N>) => Promise<ResponseOf<N>> };

/** The renderer's side: what IPC (preload) and HTTP transports both provide. */
export interface Transport {
  invoke<N extends HandlerName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>>;
  /** Subscribes to an event; returns its own unsubscribe. */
  listen<E extends EventName>(name: E, callback: (payload: Events[E]) => void): () => void;
}

export function isHandlerName(name: string): name is HandlerName {
  return Object.hasOwn(contract, name);
}

/** Validates an untrusted request for `name`; throws an 'invalid' MdmError naming the bad field. */
export function parseRequest<N extends HandlerName>(name: N, payload: unknown): RequestOf<N> {
  return contract[name].request.parse(payload) as RequestOf<N>;
}
