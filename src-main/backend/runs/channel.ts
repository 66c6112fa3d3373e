import type { ManagerMessage, WorkerMessage } from './protocol';

/** Why a worker ended without finishing, as its executor saw it (e.g. Slurm's job state), and whether to requeue the run. */
export interface WorkerLoss {
  reason: string;
  requeue: boolean;
}

/**
 * What trains one run for the manager: a worker thread (node's Worker fits as is) or a remote
 * worker behind a Slurm job (cluster/slurm-channel.ts). The executor seam of the run manager.
 */
export interface RunChannel {
  postMessage(message: ManagerMessage): void;
  terminate(): Promise<unknown>;
  on(event: 'message', listener: (message: WorkerMessage) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'exit', listener: (code: number, loss?: WorkerLoss) => void): this;
}

/** Where runs train when not in this process's worker threads (cluster/slurm-executor.ts). */
export interface RunExecutor {
  spawn(): RunChannel;
  /** Runs the manager hands the executor at once. */
  maxConcurrent: number;
  close(): void;
}
