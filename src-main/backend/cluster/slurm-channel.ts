import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ClusterJob } from '#shared/api/cluster';
import { errorPayload } from '#shared/errors';
import { checkpointDirName } from '../train/checkpoint';
import { addClusterJob, updateClusterJob, type ClusterJobPatch } from '../store/index';
import type { RunChannel, WorkerLoss } from '../runs/channel';
import type { ManagerMessage, WorkerMessage } from '../runs/protocol';
import { jobScript } from './job-script';
import { outputTail } from './output-tail';
import { isTerminal, sbatch, scancel, scontrolJob, type SlurmJobInfo } from './slurm';
import type { SlurmExecutor } from './slurm-executor';
import {
  fromWire,
  type BatchReply,
  type MessageBatch,
  type WorkerHello,
  type WorkerJob,
} from './wire';

type StartMessage = Extract<ManagerMessage, { type: 'start' }>;

/** One run's Slurm job seen from the owner: submits it, relays its worker's messages, reports how it ended. */
export class SlurmRunChannel extends EventEmitter implements RunChannel {
  private start: StartMessage | null = null;
  private job: ClusterJob | null = null;
  /** The job's own token: the worker of another job (or an earlier attempt) cannot use it. */
  readonly token = randomBytes(32).toString('base64url');
  private lastSeq = 0;
  private stopRequested = false;
  private killed = false;
  /** The worker reported 'finished' or 'failed': the job's end is not a loss. */
  private reportedEnd = false;
  private ended = false;

  constructor(private readonly executor: SlurmExecutor) {
    super();
  }

  get runId(): number | null {
    return this.start?.runId ?? null;
  }

  get slurmJobId(): string | null {
    return this.job?.slurmJobId ?? null;
  }

  postMessage(message: ManagerMessage): void {
    if (message.type === 'start') void this.submit(message);
    else this.stopRequested = true; // answered on the worker's next batch; a pending job is cancelled by the poller
  }

  /** Cancels the job now (delete with force, or a stop that took too long); the run is not requeued. */
  async terminate(): Promise<void> {
    this.killed = true;
    if (this.job?.slurmJobId) await scancel(this.job.slurmJobId).catch(() => undefined);
    else this.end(1, null);
  }

  private async submit(start: StartMessage): Promise<void> {
    const { db, profile } = this.executor;
    this.start = start;
    this.job = addClusterJob(db, start.runId, profile.name);
    this.executor.register(this);
    try {
      const url = await this.executor.serverUrl;
      mkdirSync(start.runDir, { recursive: true });
      const id = await sbatch(jobScript(profile, start.runId, url), {
        cwd: start.runDir,
        env: { ...process.env, MDM_WORKER_TOKEN: this.token },
      });
      this.patch({ slurmJobId: id, state: 'PENDING' });
      this.log(
        'info',
        `submitted Slurm job ${id} (profile ${profile.name}, attempt ${this.job.attempt})`,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.patch({ state: 'FAILED', reason, endedAt: Date.now() });
      this.emit('message', { type: 'failed', error: errorPayload(error) } satisfies WorkerMessage);
      this.end(1, null);
    }
  }

  /** The worker connected: record its process and node, hand it the job. */
  hello(hello: WorkerHello): WorkerJob {
    const start = this.start!;
    this.patch({ workerPid: hello.pid, node: hello.host, state: 'RUNNING' });
    const resumeFiles = start.resumeFrom ? readdirSync(start.resumeFrom).sort() : null;
    return {
      runId: start.runId,
      attempt: this.job!.attempt,
      config: start.config,
      diffusion: start.diffusion,
      resumeFiles,
    };
  }

  /** A file of the checkpoint this job resumes from, or null if there is no such file. */
  resumeFile(name: string): string | null {
    const dir = this.start?.resumeFrom;
    if (!dir) return null;
    const file = path.join(dir, name);
    return existsSync(file) && statSync(file).isFile() ? file : null;
  }

  /** Where an uploaded checkpoint file of `step` lands until its 'checkpoint' message names it. */
  uploadPath(step: number, name: string): string {
    const dir = this.uploadDir(step);
    mkdirSync(dir, { recursive: true });
    return path.join(dir, name);
  }

  /** Applies a batch of worker messages once (a retried batch is acknowledged and skipped). */
  receive(batch: MessageBatch): BatchReply {
    if (batch.seq > this.lastSeq && !this.ended) {
      this.lastSeq = batch.seq;
      for (const wire of batch.messages) {
        const message = fromWire(wire);
        if (message.type === 'checkpoint') {
          const placed = this.placeCheckpoint(message.step);
          if (!placed) {
            this.log('warn', `the worker reported checkpoint ${message.step} without uploading it`);
            continue;
          }
          this.emit('message', { ...message, ...placed } satisfies WorkerMessage);
          continue;
        }
        if (message.type === 'finished' || message.type === 'failed') this.reportedEnd = true;
        this.emit('message', message);
      }
      if (batch.outputTail !== undefined) this.patch({ outputTail: batch.outputTail });
    }
    return { stop: this.stopRequested };
  }

  /** The poller's news about the job: Slurm's record, or undefined once squeue no longer lists it. */
  async observe(info: SlurmJobInfo | undefined): Promise<void> {
    const id = this.job?.slurmJobId;
    if (!id || this.ended) return;
    if (info && !isTerminal(info.state)) {
      if (info.state !== this.job!.state || (info.node && info.node !== this.job!.node))
        this.patch({ state: info.state, node: info.node ?? this.job!.node });
      if (this.stopRequested && info.state === 'PENDING') {
        // Never started: nothing to checkpoint, so cancelling it is the stop.
        this.reportedEnd = true;
        this.emit('message', {
          type: 'finished',
          status: 'stopped',
          step: this.resumeStep(),
        } satisfies WorkerMessage);
        await scancel(id).catch(() => undefined);
      }
      return;
    }
    const final = (await scontrolJob(id)) ?? info ?? null;
    if (this.ended) return;
    this.conclude(final);
  }

  private conclude(info: SlurmJobInfo | null): void {
    const job = this.job!;
    const state = info?.state ?? 'UNKNOWN';
    const tail = this.start
      ? outputTail(path.join(this.start.runDir, `mdm-run-${job.runId}-${job.slurmJobId}.out`))
      : null;
    const patch: ClusterJobPatch = {
      state,
      node: info?.node ?? job.node,
      endedAt: Date.now(),
      ...(tail !== null ? { outputTail: tail } : {}),
    };
    if (this.reportedEnd && !this.killed) {
      this.patch(patch);
      this.end(0, null);
      return;
    }
    const where = patch.node ? ` on ${patch.node}` : '';
    const why = [
      info?.reason,
      info?.exitCode && info.exitCode !== '0:0' ? `exit code ${info.exitCode}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    const reason = `Slurm job ${job.slurmJobId} ended ${state}${where}${why ? ` (${why})` : ''}`;
    const limit = this.executor.profile.requeueLimit;
    const requeue = !this.killed && !this.stopRequested && job.attempt <= limit;
    this.patch({ ...patch, reason, requeued: requeue });
    this.log(
      'warn',
      requeue
        ? `${reason}: requeued from the last checkpoint (requeue ${job.attempt} of ${limit})`
        : `${reason}: not requeued${this.killed || this.stopRequested ? '' : ` (the profile allows ${limit} requeues)`}`,
    );
    this.end(1, { reason, requeue });
  }

  private end(code: number, loss: WorkerLoss | null): void {
    if (this.ended) return;
    this.ended = true;
    this.executor.unregister(this);
    if (this.start) rmSync(this.uploadRoot(), { recursive: true, force: true });
    if (loss) this.emit('exit', code, loss);
    else this.emit('exit', code);
  }

  /** The step of the checkpoint this job resumes from (0 for a fresh start). */
  private resumeStep(): number {
    const dir = this.start?.resumeFrom;
    return dir ? Number(/(\d+)$/.exec(dir)?.[1] ?? 0) : 0;
  }

  private uploadRoot(): string {
    return path.join(this.start!.runDir, 'checkpoints', `.upload-${this.job!.id}`);
  }

  private uploadDir(step: number): string {
    return path.join(this.uploadRoot(), checkpointDirName(step));
  }

  /** Moves an uploaded checkpoint into the run's folder, where local workers put theirs. */
  private placeCheckpoint(step: number): { path: string; sizeBytes: number } | null {
    const upload = this.uploadDir(step);
    if (!existsSync(upload)) return null;
    const final = path.join(this.start!.runDir, 'checkpoints', checkpointDirName(step));
    rmSync(final, { recursive: true, force: true });
    renameSync(upload, final);
    const sizeBytes = readdirSync(final).reduce(
      (n, name) => n + statSync(path.join(final, name)).size,
      0,
    );
    return { path: final, sizeBytes };
  }

  private patch(patch: ClusterJobPatch): void {
    if (!this.job) return;
    Object.assign(this.job, patch);
    updateClusterJob(this.executor.db, this.job.id, patch);
    this.executor.changed(this.job);
  }

  private log(level: 'info' | 'warn', message: string): void {
    this.emit('message', { type: 'log', level, message } satisfies WorkerMessage);
  }
}
