import type { ErrorPayload } from '#shared/errors';
import type { RunConfig } from '#shared/config/run-config';
import type { DiffusionSpec } from '#shared/mdm/spec';

/** What the run manager sends a run's worker thread. */
export type ManagerMessage =
  | {
      type: 'start';
      runId: number;
      config: RunConfig;
      diffusion: DiffusionSpec;
      /** Folder for this run's checkpoints. */
      runDir: string;
      dataDir: string;
      /** Checkpoint to continue from (resume), or null for a fresh start. */
      resumeFrom: string | null;
    }
  /** Finish the current step, save a checkpoint, then end with 'finished' stopped. */
  | { type: 'stop' };

/** What a run's worker thread reports, in order; the manager is the only one that writes them to the store. */
export type WorkerMessage =
  | {
      type: 'started';
      backend: string;
      /** The GPU the backend runs on (WebGPU's adapter), or null. */
      device: string | null;
      detail: string;
      step: number;
    }
  | { type: 'metrics'; step: number; time: number; values: Record<string, number> }
  | { type: 'diffusion-params'; step: number; q: number[][]; d: number[][] }
  | {
      type: 'sample';
      step: number;
      kind: string;
      png: Uint8Array;
      width: number;
      height: number;
      /** The 2-D points [n, 2] the picture shows (points datasets only). */
      points?: Float32Array;
    }
  | { type: 'checkpoint'; step: number; path: string; sizeBytes: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'finished'; status: 'completed' | 'stopped'; step: number }
  /** The error as plain data (structured clone drops the class), its code intact. */
  | { type: 'failed'; error: ErrorPayload };

/** One training job as a worker (or the CLI, in-process) runs it. */
export type TrainingJob = Omit<Extract<ManagerMessage, { type: 'start' }>, 'type'> & {
  /** Aborted by a stop request: finish the current step, checkpoint, report 'finished' stopped. */
  signal: AbortSignal;
};

/** Receives everything a training job reports, in order. */
export type TrainingReport = (message: WorkerMessage) => void;
