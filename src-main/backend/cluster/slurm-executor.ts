import type { ClusterJob, ClusterProfile } from '#shared/api/cluster';
import type { EventBus } from '../events';
import type { RunExecutor } from '../runs/channel';
import {
  addRunEvent,
  getRun,
  liveClusterJobs,
  setRunStatus,
  updateClusterJob,
  type StoreDb,
} from '../store/index';
import { tokensMatch } from '../http/auth';
import { SlurmRunChannel } from './slurm-channel';
import { scancel, squeue } from './slurm';

export interface SlurmExecutorOptions {
  db: StoreDb;
  events: EventBus;
  profile: ClusterProfile;
  /** How often squeue is asked about the jobs (default 5 s). */
  pollMs?: number;
}

/** Runs queued runs as Slurm jobs of one profile: submits, polls squeue/scontrol, authenticates their workers. */
export class SlurmExecutor implements RunExecutor {
  readonly db: StoreDb;
  readonly profile: ClusterProfile;
  /** The owner's URL as written into job scripts; known once the HTTP server listens. */
  readonly serverUrl: Promise<string>;
  private resolveUrl!: (url: string) => void;
  private readonly channels = new Set<SlurmRunChannel>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: SlurmExecutorOptions) {
    this.db = options.db;
    this.profile = options.profile;
    this.serverUrl = new Promise((resolve) => (this.resolveUrl = resolve));
    this.requeueOrphans();
    this.schedulePoll();
  }

  get maxConcurrent(): number {
    return this.profile.maxJobs;
  }

  spawn(): SlurmRunChannel {
    return new SlurmRunChannel(this);
  }

  /** The URL the HTTP server listens on; the profile's serverUrl wins (nodes may reach the owner by another name). */
  attach(url: string): void {
    this.resolveUrl((this.profile.serverUrl ?? url).replace(/\/$/, ''));
  }

  register(channel: SlurmRunChannel): void {
    this.channels.add(channel);
  }

  unregister(channel: SlurmRunChannel): void {
    this.channels.delete(channel);
  }

  changed(job: ClusterJob): void {
    this.options.events.emit('cluster-job-changed', { ...job });
  }

  /** The live job of `runId` whose token this is, or null: a wrong token or another run's token is refused. */
  authorize(runId: number, token: string | null): SlurmRunChannel | null {
    for (const channel of this.channels)
      if (channel.runId === runId && tokensMatch(token, channel.token)) return channel;
    return null;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedulePoll(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.poll().finally(() => this.schedulePoll());
    }, this.options.pollMs ?? 5000);
  }

  private async poll(): Promise<void> {
    const submitted = [...this.channels].filter((c) => c.slurmJobId !== null);
    if (submitted.length === 0) return;
    let jobs;
    try {
      jobs = await squeue(submitted.map((c) => c.slurmJobId!));
    } catch (error) {
      console.error(`slurm: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const channel of submitted) await channel.observe(jobs.get(channel.slurmJobId!));
  }

  /**
   * Jobs an earlier owner process left behind (it crashed or was killed): their tokens died with it,
   * so they are cancelled and their runs interrupted, then requeued within the profile's limit.
   */
  private requeueOrphans(): void {
    const { db, events } = this.options;
    for (const job of liveClusterJobs(db)) {
      if (job.slurmJobId) void scancel(job.slurmJobId).catch(() => undefined);
      const reason = `the owner restarted while Slurm job ${job.slurmJobId ?? '(not submitted)'} ran`;
      const requeue = job.attempt <= this.profile.requeueLimit;
      updateClusterJob(db, job.id, { endedAt: Date.now(), reason, requeued: requeue });
      if (getRun(db, job.runId).status !== 'running') continue;
      setRunStatus(db, job.runId, 'interrupted', reason);
      events.emit(
        'run-event-added',
        addRunEvent(db, job.runId, 'warn', `${reason}: ${requeue ? 'requeued' : 'not requeued'}`),
      );
      if (requeue) setRunStatus(db, job.runId, 'queued');
    }
  }
}
