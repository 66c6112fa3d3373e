import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseRunConfig, type RunConfig } from '#shared/config/run-config';
import { resolveRunConfig } from '#shared/config/protocols';
import { specOfChoice } from '#shared/config/diffusion-choice';
import { openDataset } from '../datasets/index';
import { MdmError } from '#shared/errors';
import { datasetExists } from '../datasets/registry';
import type { EventBus } from '../events';
import type { BackendCheck } from '../handlers/backend-check';
import {
  addRunEvent,
  createRun,
  deleteRun,
  duplicateRun,
  getRun,
  interruptRunningRuns,
  latestCheckpoint,
  listRuns,
  MetricsWriter,
  restoreRunStatus,
  reserveRunIdsThrough,
  rewindRun,
  setRunBackendChoice,
  setRunProgress,
  setRunStatus,
  type NewRun,
  type Run,
  type RunStatus,
  type StoreDb,
} from '../store/index';
import { readCheckpointState } from '../train/checkpoint';
import type { RunChannel } from './channel';
import { describeError, RunHost, type RunEnding } from './run-host';
import {
  endedLine,
  resumedLine,
  resumeQueuedLine,
  stoppedWhileQueuedLine,
  stopRequestedLine,
  type StatusLine,
} from '#shared/api/status-log';

/** Longest wait between attempts to record how a run ended while the store refuses writes. */
const maxRetryMs = 10_000;

export interface RunManagerOptions {
  db: StoreDb;
  events: EventBus;
  dataDir: string;
  /** How many runs train at once; the rest wait in the queue (oldest first). */
  maxConcurrent: number;
  /** The executor: a worker thread here, or a Slurm job (cluster/slurm-executor.ts). */
  spawnWorker: () => RunChannel;
  /** Refuses a prepared config its executor cannot train (backend, GPU memory); none: every config passes. */
  checkBackend?: BackendCheck;
  /** How long a stopping run may take to save its checkpoint before it is killed. */
  stopTimeoutMs?: number;
  /**
   * True for the long-lived owners (the app, `mdm serve`): train every queued run, including
   * those queued before a restart. False for the CLI: train only the runs this process queued.
   */
  trainsAllQueued?: boolean;
}

/** The stored record of a new run of `config`: its diffusion's name and K, the step budget, tags and notes. */
export function newRunOf(config: RunConfig): NewRun {
  const spec = specOfChoice(config.diffusion, config.seed);
  return {
    name: config.name,
    config,
    dataset: config.dataset,
    diffusion: spec.name,
    k: spec.k,
    seed: config.seed,
    totalSteps: config.steps,
    tags: config.tags ?? [],
    notes: config.notes ?? '',
  };
}

/** Creates, queues, starts, stops, resumes and deletes runs; one worker thread per running run. */
export class RunManager {
  private readonly hosts = new Map<number, RunHost>();
  private readonly metrics: MetricsWriter;
  private closing = false;
  /** Runs this manager queued itself (create, duplicate, resume). */
  private readonly claimed = new Set<number>();
  /** Runs queued by a resume that have not started again yet (their start is logged as a resume). */
  private readonly resuming = new Set<number>();

  constructor(private readonly options: RunManagerOptions) {
    const { db, events } = options;
    this.metrics = new MetricsWriter(db, {
      onFlush: (result) => {
        for (const { runId, points } of result.runs)
          events.emit('metrics-appended', { runId, points });
      },
      onError: (error) => console.error(`metrics flush failed, retrying: ${describeError(error)}`),
    });
    const reason = 'MDM Studio stopped while this run was training';
    for (const runId of interruptRunningRuns(db, reason)) {
      events.emit('run-status-changed', { runId, status: 'interrupted', error: null });
      this.log(runId, endedLine('interrupted', getRun(db, runId).progress.step, null, reason));
    }
    if (options.trainsAllQueued) this.schedule();
  }

  /** Validates a config (merged over the defaults, then its protocol's settings for the dataset), records the run as queued and starts it when a slot is free. */
  async create(input: unknown): Promise<Run> {
    return this.queue([await this.prepare(input)])[0]!;
  }

  /** A config as a run would store it: validated, its dataset and backend checked, its protocol's settings applied; records nothing. */
  async prepare(input: unknown): Promise<RunConfig> {
    const parsed = parseRunConfig(input);
    if (!datasetExists(parsed.dataset, this.options.dataDir)) {
      throw new MdmError(
        'invalid',
        `config.dataset: no such dataset '${parsed.dataset}' (import it first or see mdm datasets list)`,
      );
    }
    const dataset = (await openDataset(parsed.dataset, this.options.dataDir)).info;
    const config = resolveRunConfig(input, dataset);
    specOfChoice(config.diffusion, config.seed); // refuses an invalid diffusion before anything is stored
    await this.options.checkBackend?.(config);
    return config;
  }

  /** Records prepared configs as queued runs, in one transaction, and starts them as slots free up. */
  queue(configs: RunConfig[]): Run[] {
    const { db } = this.options;
    this.skipExistingRunDirs();
    const runs = db.transaction(() => configs.map((config) => createRun(db, newRunOf(config))))();
    for (const run of runs) this.claimed.add(run.id);
    this.schedule();
    return runs.map((run) => getRun(db, run.id));
  }

  /** A queued copy of a run; refused, naming the field, when its settings break today's rules (run-rules.ts) or its backend cannot train here. */
  async duplicate(runId: number, name?: string): Promise<Run> {
    await this.options.checkBackend?.(parseRunConfig(getRun(this.options.db, runId).config));
    this.skipExistingRunDirs();
    const run = duplicateRun(this.options.db, runId, name);
    this.claimed.add(run.id);
    this.schedule();
    return getRun(this.options.db, run.id);
  }

  /** A queued run never starts; a running one saves a checkpoint and ends as stopped. */
  stop(runId: number): Run {
    const run = getRun(this.options.db, runId);
    const host = this.hosts.get(runId);
    if (host) {
      this.log(runId, stopRequestedLine);
      host.send({ type: 'stop' });
      const timeout = setTimeout(() => void host.kill(), this.options.stopTimeoutMs ?? 60_000);
      void host.ended.then(() => clearTimeout(timeout));
      return run;
    }
    const stopped = this.setStatus(runId, 'stopped');
    this.log(runId, stoppedWhileQueuedLine);
    return stopped;
  }

  /**
   * Puts a stopped, interrupted or failed run back in the queue; it continues from its last checkpoint,
   * on `backend` when given. A damaged checkpoint is refused up front, and a resume that cannot start
   * leaves the run as it was.
   */
  resume(runId: number, backend?: RunConfig['backend']): Run {
    const { db } = this.options;
    const before = getRun(db, runId);
    const checkpoint = latestCheckpoint(db, runId);
    if (checkpoint) readCheckpointState(checkpoint.path);
    this.setStatus(runId, 'queued');
    if (backend !== undefined) setRunBackendChoice(db, runId, backend);
    this.log(runId, resumeQueuedLine(checkpoint?.step ?? null));
    this.claimed.add(runId);
    this.resuming.add(runId);
    try {
      this.schedule(runId);
    } catch (error) {
      this.claimed.delete(runId);
      this.resuming.delete(runId);
      this.hosts.get(runId)?.kill();
      this.hosts.delete(runId);
      restoreRunStatus(db, before);
      this.options.events.emit('run-status-changed', {
        runId,
        status: before.status,
        error: before.error,
      });
      throw error;
    }
    // Read after scheduling: a launched run is rewound to its checkpoint, so its progress is where it resumes.
    return getRun(db, runId);
  }

  /** Run ids continue past every folder under runs/, so a new run never writes into an old run's files. */
  private skipExistingRunDirs(): void {
    const runs = path.join(this.options.dataDir, 'runs');
    const names = existsSync(runs) ? readdirSync(runs) : [];
    const highest = Math.max(0, ...names.filter((n) => /^\d+$/.test(n)).map(Number));
    if (highest > 0) reserveRunIdsThrough(this.options.db, highest);
  }

  /** Deletes a run and its files; a running run only with `force` (its worker is killed first). */
  async delete(runId: number, force = false): Promise<void> {
    const host = this.hosts.get(runId);
    if (host && !force) {
      throw new MdmError('conflict', `run ${runId} is running: stop it first or delete with force`);
    }
    if (host) {
      this.hosts.delete(runId);
      await host.kill();
    }
    this.metrics.flush();
    deleteRun(this.options.db, runId, { force: true });
    rmSync(this.runDir(runId), { recursive: true, force: true });
    this.schedule();
  }

  /** Stops every worker (each saves a checkpoint) and flushes metrics; runs end as stopped or interrupted. */
  async close(): Promise<void> {
    this.closing = true;
    const endings = [...this.hosts.values()].map((host) => {
      host.send({ type: 'stop' });
      const timeout = setTimeout(() => void host.kill(), this.options.stopTimeoutMs ?? 60_000);
      return host.ended.finally(() => clearTimeout(timeout));
    });
    await Promise.all(endings);
    this.metrics.close();
  }

  runDir(runId: number): string {
    return path.join(this.options.dataDir, 'runs', String(runId));
  }

  private setStatus(runId: number, status: RunStatus, error: string | null = null): Run {
    const run = setRunStatus(this.options.db, runId, status, error);
    this.options.events.emit('run-status-changed', { runId, status, error });
    return run;
  }

  /** Appends a line to a run's log and pushes it to the UI; a store that refuses it costs the line, not the run. */
  private log(runId: number, line: StatusLine): void {
    try {
      const event = addRunEvent(this.options.db, runId, line.level, line.message);
      this.options.events.emit('run-event-added', event);
    } catch (error) {
      console.error(`run ${runId}: could not log "${line.message}" (${describeError(error)})`);
    }
  }

  /** Sets how a run ended and logs it with the step it got to and whether a checkpoint holds that step. */
  private setEnded(runId: number, ending: RunEnding): void {
    const run = this.setStatus(runId, ending.status, ending.error);
    const checkpoint = latestCheckpoint(this.options.db, runId);
    this.log(
      runId,
      endedLine(ending.status, run.progress.step, checkpoint?.step ?? null, ending.error),
    );
  }

  /**
   * Starts queued runs (all, or only this manager's own), oldest first, while slots are free. A run
   * that cannot start fails with the reason; only `rethrowFor`'s error reaches the caller (resume).
   */
  private schedule(rethrowFor?: number): void {
    if (this.closing) return;
    const free = this.options.maxConcurrent - this.hosts.size;
    if (free <= 0) return;
    const queued = listRuns(this.options.db, {
      filter: { status: 'queued' },
      sort: { key: 'created_at', dir: 'asc' },
      limit: 5000,
    }).runs.filter((run) => this.options.trainsAllQueued || this.claimed.has(run.id));
    for (const run of queued.slice(0, free)) {
      try {
        this.launch(run);
      } catch (error) {
        if (run.id === rethrowFor) throw error;
        this.hosts.get(run.id)?.kill();
        this.hosts.delete(run.id);
        this.endRun(run.id, {
          status: 'failed',
          error: `could not start: ${describeError(error)}`,
        });
      }
    }
  }

  private launch(run: Run): void {
    const { db, events } = this.options;
    const config = run.config;
    const checkpoint = latestCheckpoint(db, run.id);
    rewindRun(db, run.id, checkpoint?.step ?? 0);
    // Progress is written at most once a second, so after a crash it may lag the checkpoint.
    setRunProgress(db, run.id, checkpoint?.step ?? 0);
    this.setStatus(run.id, 'running');
    if (this.resuming.delete(run.id)) this.log(run.id, resumedLine(checkpoint?.step ?? 0));
    let worker: RunChannel;
    try {
      worker = this.options.spawnWorker();
    } catch (error) {
      // Not left 'running' with no worker: fail it with the reason, and the caller's request still succeeds.
      const reason = error instanceof Error ? error.message : String(error);
      this.setEnded(run.id, {
        status: 'failed',
        error: `could not start a worker thread: ${reason}`,
      });
      return;
    }
    const host = new RunHost(run.id, worker, { db, events, metrics: this.metrics }, config.steps);
    this.hosts.set(run.id, host);
    host.send({
      type: 'start',
      runId: run.id,
      config,
      diffusion: specOfChoice(config.diffusion, config.seed),
      runDir: this.runDir(run.id),
      dataDir: this.options.dataDir,
      resumeFrom: checkpoint?.path ?? null,
    });
    void host.ended.then((ending) => this.finish(run.id, ending));
  }

  private finish(runId: number, ending: RunEnding): void {
    if (this.hosts.get(runId) === undefined) return; // deleted while running
    this.hosts.delete(runId);
    this.endRun(runId, ending);
  }

  /** Puts a run its executor gave back (e.g. a cancelled Slurm job) in the queue again; a refusal is logged. */
  private requeue(runId: number): void {
    try {
      this.resume(runId);
    } catch (error) {
      console.error(`run ${runId}: could not requeue it (${describeError(error)})`);
      this.schedule();
    }
  }

  /**
   * Records how a run ended. While the store refuses writes (locked by another process, disk full)
   * this waits and retries with backoff instead of throwing: the process and the other runs go on.
   */
  private endRun(runId: number, ending: RunEnding, attempt = 0): void {
    try {
      this.metrics.flush();
      const run = getRun(this.options.db, runId);
      const final: RunEnding =
        run.status === 'queued' && ending.status === 'interrupted'
          ? { status: 'failed', error: ending.error }
          : ending;
      if (run.status === 'running' || run.status === 'queued') this.setEnded(runId, final);
    } catch (error) {
      const waitMs = Math.min(maxRetryMs, 500 * 2 ** attempt);
      console.error(
        `run ${runId}: could not record that it ended (${describeError(error)}); retrying in ${waitMs / 1000} s`,
      );
      setTimeout(() => this.endRun(runId, ending, attempt + 1), waitMs);
      return;
    }
    if (ending.status === 'interrupted' && ending.requeue && !this.closing) this.requeue(runId);
    else this.schedule();
  }
}
