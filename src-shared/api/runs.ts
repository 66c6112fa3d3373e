/** Runs as both the backend and the renderer see them (the store's rows, the contract's payloads). */
import type { RunConfig } from '../config/run-config';

/** A run's lifecycle states; store/run-status.ts has the allowed transitions. */
export const RUN_STATUSES = [
  'queued',
  'running',
  'completed',
  'stopped',
  'failed',
  'interrupted',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * What `runs-export` (and a download) can produce: every sample picture as a zip; one step's picture
 * (`samples-png`) or, for 2-D data, its points (`samples-csv`, `samples-npy`); learned Q and D as a
 * JSON zip or CSV; metrics; the latest checkpoint's weights.
 */
export const RUN_EXPORTS = [
  'samples',
  'samples-png',
  'samples-csv',
  'samples-npy',
  'params',
  'params-csv',
  'metrics-csv',
  'metrics-json',
  'weights',
] as const;
export type RunExport = (typeof RUN_EXPORTS)[number];

/** One training run as stored; times are milliseconds since the epoch. */
export interface Run {
  id: number;
  name: string;
  status: RunStatus;
  /** Parsed (and filled with defaults) when the store reads the row. */
  config: RunConfig;
  dataset: string;
  diffusion: string;
  k: number;
  backend: string | null;
  seed: number;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  progress: { step: number; total: number };
  notes: string;
  tags: string[];
  error: string | null;
}

/** What a caller supplies to create a run; the store fills in id, status and times. */
export interface NewRun {
  name: string;
  config: RunConfig;
  dataset: string;
  diffusion: string;
  k: number;
  backend?: string | null;
  seed: number;
  totalSteps?: number;
  notes?: string;
  tags?: string[];
}

/** Last/min/max of one metric of one run, kept current by the metrics writer. */
export interface MetricSummary {
  key: string;
  last: number | null;
  lastStep: number;
  min: number | null;
  max: number | null;
  count: number;
}

/** One stored metric point; a null value is a NaN the trainer reported. */
export interface MetricPoint {
  step: number;
  value: number | null;
  time: number;
}

/** A generated image (grid or single sample) of a run at a step. */
export interface SampleInfo {
  id: number;
  runId: number;
  step: number;
  kind: string;
  path: string | null;
  width: number;
  height: number;
  meta: Record<string, unknown>;
  /** How many 2-D points the picture was drawn from (samples-points); 0 for images. */
  pointCount: number;
  createdAt: number;
}

/** A saved set of weights of a run. */
export interface Checkpoint {
  runId: number;
  step: number;
  path: string;
  sizeBytes: number;
  createdAt: number;
}

/** The learned Q and D of a run at a step (MDM, Singhal et al. 2023, eq. 3). */
export interface DiffusionParams {
  step: number;
  q: number[][];
  d: number[][];
  time: number;
}

/** Levels of a run's log lines. */
export const EVENT_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

/** A line of a run's log, shown in the run detail view. */
export interface RunEvent {
  id: number;
  runId: number;
  time: number;
  level: EventLevel;
  message: string;
}

export interface RunFilter {
  status?: RunStatus | RunStatus[];
  dataset?: string;
  diffusion?: string;
  tag?: string;
  /** Matched case-insensitively against name, notes and tags. */
  text?: string;
}

/** The runs columns a list can be sorted by. */
export const RUN_SORT_COLUMNS = [
  'id',
  'name',
  'status',
  'dataset',
  'diffusion',
  'created_at',
  'started_at',
  'ended_at',
  'progress_step',
] as const;
/** Which value of a metric's summary a list is sorted by. */
export const METRIC_SORT_STATS = ['last', 'min', 'max'] as const;
/** A runs column, or 'metric:<key>:last|min|max' to sort by a metric summary. */
export type RunSortKey =
  (typeof RUN_SORT_COLUMNS)[number] | `metric:${string}:${(typeof METRIC_SORT_STATS)[number]}`;

const metricSortKey = new RegExp(`^metric:[\\w./-]+:(${METRIC_SORT_STATS.join('|')})$`);

/** Whether a value names a sort key: a column, or a metric key (letters, digits, `_./-`) and a summary stat. */
export function isRunSortKey(value: unknown): value is RunSortKey {
  return (
    typeof value === 'string' &&
    ((RUN_SORT_COLUMNS as readonly string[]).includes(value) || metricSortKey.test(value))
  );
}

export interface ListRunsQuery {
  filter?: RunFilter;
  sort?: { key: RunSortKey; dir: 'asc' | 'desc' };
  offset?: number;
  limit?: number;
  /** The metric summaries to attach to each run; all of them when omitted. */
  metricKeys?: string[];
}

export interface RunWithMetrics extends Run {
  metrics: Record<string, MetricSummary>;
}

export interface RunPage {
  runs: RunWithMetrics[];
  total: number;
}

export interface SeriesOptions {
  /** Thin the series to at most this many points (min/max-preserving); all points when omitted. */
  maxPoints?: number;
  fromStep?: number;
  toStep?: number;
}

export interface MetricSeries {
  runId: number;
  key: string;
  points: MetricPoint[];
  /** How many stored points the range held before downsampling. */
  total: number;
}
