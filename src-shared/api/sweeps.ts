/** Sweeps as the backend and the renderer see them. */
import type { SweepSpec } from '../config/sweep';
import type { RunStatus, RunWithMetrics } from './runs';

/** A sweep's state, from its member runs: running while any is queued or running. */
export type SweepStatus = 'running' | 'completed' | 'stopped' | 'failed';

export interface Sweep {
  id: number;
  name: string;
  spec: SweepSpec;
  createdAt: number;
  status: SweepStatus;
  /** Member runs by status. */
  counts: Partial<Record<RunStatus, number>>;
  total: number;
}

/** One member run: which cell of the grid it is. */
export interface SweepMember {
  runId: number;
  label: string;
  seed: number;
  /** The varied setting's value as text, '' when nothing varies. */
  variant: string;
}

/** One row of a sweep's results: a diffusion (and variant), mean over its finished seeds. */
export interface SweepResult {
  label: string;
  variant: string;
  /** 'test/bpd' for images, 'test/npd' for 2-D points (nats per dimension). */
  metric: string;
  /** Mean over the seeds that have a test value; null while none has. */
  mean: number | null;
  /** Standard error: over seeds when there are two or more, else the one run's own. */
  stderr: number | null;
  /** Seeds with a test value, and all seeds of the row. */
  done: number;
  seeds: number;
  /** The paper's BPD for this diffusion and dataset (submission version), if it reports one. */
  paper: number | null;
}

export interface SweepDetail {
  sweep: Sweep;
  members: (SweepMember & { run: RunWithMetrics })[];
  results: SweepResult[];
  protocol: string;
}
