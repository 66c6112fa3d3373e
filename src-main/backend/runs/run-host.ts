import type { EventBus } from '../events';
import {
  addCheckpoint,
  addDiffusionParams,
  addRunEvent,
  addSample,
  setRunProgress,
  updateRun,
  type MetricsWriter,
  type StoreDb,
} from '../store/index';
import type { RunChannel } from './channel';
import type { ManagerMessage, WorkerMessage } from './protocol';

/** How a run's worker ended, as the manager needs it to set the run's final status. */
export type RunEnding =
  | { status: 'completed' | 'stopped'; error: null }
  | { status: 'failed'; error: string }
  /** `requeue`: the executor asks for the run to go back in the queue (e.g. a cancelled Slurm job). */
  | { status: 'interrupted'; error: string; requeue?: boolean };

export interface RunHostDeps {
  db: StoreDb;
  events: EventBus;
  metrics: MetricsWriter;
}

const progressEveryMs = 1000;

/** One line for an error: SQLite's code (SQLITE_BUSY, SQLITE_FULL, …) and its message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${code}: ${error.message}`
    : error.message;
}

/** Drives one run's worker: records everything it reports in the store and resolves with how it ended. */
export class RunHost {
  readonly ended: Promise<RunEnding>;
  private lastProgressAt = 0;
  private lastStep = 0;
  private finished: RunEnding | null = null;
  /** Set once recording failed: later messages of the dying worker are ignored. */
  private refused = false;

  constructor(
    readonly runId: number,
    private readonly worker: RunChannel,
    private readonly deps: RunHostDeps,
    private readonly totalSteps: number,
  ) {
    this.ended = new Promise((resolve) => {
      worker.on('message', (message: WorkerMessage) => {
        if (this.refused) return;
        try {
          this.record(message);
        } catch (error) {
          // A store or event error fails this run with the reason; it never reaches the process.
          this.refused = true;
          this.finished = {
            status: 'failed',
            error: `recording its ${message.type} failed at step ${this.lastStep} (${describeError(error)}): resume it once the data directory is writable`,
          };
          void worker.terminate();
        }
      });
      worker.on('error', (error) => {
        this.finished ??= { status: 'failed', error: `the worker crashed: ${error.message}` };
      });
      worker.on('exit', (code, loss) => {
        resolve(
          this.finished ??
            (loss
              ? {
                  status: 'interrupted',
                  error: `${loss.reason} at step ${this.lastStep}`,
                  requeue: loss.requeue,
                }
              : {
                  status: 'interrupted',
                  error: `the worker exited (code ${code}) at step ${this.lastStep} without finishing`,
                }),
        );
      });
    });
  }

  send(message: ManagerMessage): void {
    this.worker.postMessage(message);
  }

  /** Kills the worker at once (delete with force, or a stop that does not finish in time). */
  async kill(): Promise<void> {
    await this.worker.terminate();
  }

  private record(message: WorkerMessage): void {
    const { db, events, metrics } = this.deps;
    const runId = this.runId;
    switch (message.type) {
      case 'started':
        updateRun(db, runId, {
          backend: message.device ? `${message.backend} (${message.device})` : message.backend,
        });
        this.log(
          'info',
          `training on ${message.backend} (${message.detail}) from step ${message.step}`,
        );
        return;
      case 'metrics':
        metrics.append(runId, message.step, message.values, message.time);
        this.progress(message.step);
        return;
      case 'diffusion-params':
        addDiffusionParams(db, runId, message);
        events.emit('diffusion-params-recorded', { runId, step: message.step });
        return;
      case 'sample': {
        const { step, kind, png, width, height, points } = message;
        const sample = addSample(db, runId, { step, kind, png, width, height, points });
        events.emit('sample-ready', { runId, sampleId: sample.id, step, kind });
        return;
      }
      case 'checkpoint':
        metrics.flush(); // a checkpoint must never be newer than the metrics recorded before it
        addCheckpoint(db, runId, message);
        events.emit('checkpoint-saved', { runId, step: message.step });
        return;
      case 'log':
        this.log(message.level, message.message);
        return;
      case 'finished':
        this.progress(message.step, true);
        this.finished = { status: message.status, error: null };
        return;
      case 'failed': // the manager logs "failed: <reason>" once it has recorded the ending
        this.finished = { status: 'failed', error: message.error.message };
        return;
    }
  }

  /** A line in the run's log, stored and pushed to the UI. */
  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.deps.events.emit('run-event-added', addRunEvent(this.deps.db, this.runId, level, message));
  }

  private progress(step: number, force = false): void {
    this.lastStep = step;
    const now = Date.now();
    if (!force && now - this.lastProgressAt < progressEveryMs) return;
    this.lastProgressAt = now;
    setRunProgress(this.deps.db, this.runId, step, this.totalSteps);
    this.deps.events.emit('run-progressed', { runId: this.runId, step, total: this.totalSteps });
  }
}
