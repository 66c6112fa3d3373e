import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorPayload } from '#shared/errors';
import { runTrainingJob } from '../train/job';
import type { WorkerMessage } from '../runs/protocol';
import { outputTail } from './output-tail';
import { WorkerClient } from './worker-client';
import {
  toWire,
  type BatchReply,
  type MessageBatch,
  type WorkerHello,
  type WorkerJob,
} from './wire';

export interface RemoteWorkerOptions {
  server: string;
  runId: number;
  token: string;
  /** Where the node finds datasets (its own data directory; the owner's store is never opened here). */
  dataDir: string;
  /** The job's stdout/stderr file, whose tail goes to the owner with every batch. */
  jobOutput: string | null;
  say: (line: string) => void;
}

/** How often queued messages go to the owner (and it answers whether to stop). */
const FLUSH_MS = 500;

/**
 * `mdm worker`: trains one run on this node for its owner. Everything a local worker thread would
 * post (metrics, samples, Q/D, checkpoints, logs, the end) goes to the owner in numbered batches;
 * checkpoint files are uploaded before the message that names them. SIGTERM (scancel, time limit,
 * preemption) checkpoints and leaves without reporting an end, so the owner sees Slurm's reason
 * and requeues the run. Resolves to the exit code.
 */
export async function runRemoteWorker(options: RemoteWorkerOptions): Promise<number> {
  const client = new WorkerClient(options.server, options.runId, options.token);
  const hello: WorkerHello = {
    pid: process.pid,
    host: os.hostname(),
    slurmJobId: process.env.SLURM_JOB_ID ?? null,
  };
  const job = await client.json<WorkerJob>('hello', hello);
  const scratch = mkdtempSync(path.join(os.tmpdir(), `mdm-worker-run-${job.runId}-`));
  try {
    let resumeFrom: string | null = null;
    if (job.resumeFiles) {
      resumeFrom = path.join(scratch, 'resume');
      mkdirSync(resumeFrom);
      for (const name of job.resumeFiles)
        writeFileSync(path.join(resumeFrom, name), await client.download(`resume/${name}`));
    }
    options.say(
      `run ${job.runId}, attempt ${job.attempt}: ${resumeFrom ? `resuming from the owner's checkpoint` : 'starting fresh'} (${options.server})`,
    );

    const stopping = new AbortController();
    let signalled: string | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      signalled = signal;
      stopping.abort();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);

    const outbox: WorkerMessage[] = [];
    let seq = 0;
    let sending: Promise<void> = Promise.resolve();
    const send = async (messages: WorkerMessage[]) => {
      for (const m of messages) {
        if (m.type !== 'checkpoint') continue;
        for (const name of readdirSync(m.path))
          await client.upload(`checkpoints/${m.step}/${name}`, path.join(m.path, name));
        rmSync(m.path, { recursive: true, force: true }); // the owner has it now
      }
      const batch: MessageBatch = {
        seq: ++seq,
        messages: messages.map(toWire),
        outputTail: options.jobOutput ? (outputTail(options.jobOutput) ?? undefined) : undefined,
      };
      const reply = await client.json<BatchReply>('messages', batch);
      if (reply.stop) stopping.abort();
    };
    const flush = () => {
      const messages = outbox.splice(0);
      sending = sending.then(() => send(messages));
      return sending;
    };
    let failure: unknown = null;
    const timer = setInterval(
      () =>
        void flush().catch((error: unknown) => {
          failure ??= error;
          stopping.abort(); // the owner is gone or refuses us: training on would be lost work
        }),
      FLUSH_MS,
    );

    const report = (message: WorkerMessage) => {
      if (message.type === 'log' || message.type === 'failed')
        options.say(message.type === 'log' ? message.message : `failed: ${message.error.message}`);
      if (message.type === 'checkpoint') options.say(`checkpoint at step ${message.step}`);
      // After a signal the job is ending under Slurm: its end is the owner's to judge, not 'stopped'.
      if (message.type === 'finished' && signalled) {
        outbox.push({
          type: 'log',
          level: 'warn',
          message: `${signalled} on ${os.hostname()} at step ${message.step}: checkpoint saved`,
        });
        return;
      }
      outbox.push(message);
    };
    try {
      await runTrainingJob(
        {
          runId: job.runId,
          config: job.config,
          diffusion: job.diffusion,
          runDir: path.join(scratch, 'run'),
          dataDir: options.dataDir,
          resumeFrom,
          signal: stopping.signal,
        },
        report,
      );
    } catch (error) {
      report({ type: 'failed', error: errorPayload(error) });
    } finally {
      clearInterval(timer);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
    await sending.catch((error: unknown) => (failure ??= error));
    if (failure) throw failure;
    await flush();
    options.say(signalled ? `stopped by ${signalled}` : 'done');
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
