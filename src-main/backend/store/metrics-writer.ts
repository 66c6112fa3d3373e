import type { StoreDb } from './db';
import { MdmError } from '#shared/errors';
import { MERGE_SUMMARY_SQL, summaryFromRow, type SummaryRow } from './metric-summaries';
import { requireRun } from './runs';
import { stmt } from './statements';
import type { MetricSummary } from './types';
import { int, text } from './fields';

export interface MetricsWriterOptions {
  /** Flush this long after the first point buffered since the last flush (default 250 ms). */
  flushIntervalMs?: number;
  /** Flush as soon as this many points are buffered (default 5000). */
  maxBufferedPoints?: number;
  /** Called after every flush that wrote points, whatever triggered it: emit events here. */
  onFlush?: (result: FlushResult) => void;
  /** Called when a timed flush fails; the points stay buffered for the next attempt. */
  onError?: (error: unknown) => void;
}

/** A point as written: NaN values are stored, and reported, as null. */
export interface WrittenPoint {
  key: string;
  step: number;
  value: number | null;
  time: number;
}

/** What one flush wrote for one run, with the run's updated summaries of the keys it touched. */
export interface AppendedMetrics {
  runId: number;
  points: WrittenPoint[];
  summaries: MetricSummary[];
}

export interface FlushResult {
  count: number;
  runs: AppendedMetrics[];
}

interface Aggregate {
  last: number | null;
  lastStep: number;
  min: number | null;
  max: number | null;
  count: number;
}

const INSERT_SQL = `INSERT INTO metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (run_id, key, step) DO UPDATE SET value = excluded.value, time = excluded.time`;

/**
 * Buffers metric points and writes them in one transaction per flush, with their summaries, so
 * the main thread (the only writer) spends little time per point and a crash loses at most the
 * points after the last flush.
 */
export class MetricsWriter {
  private buffer = new Map<number, WrittenPoint[]>();
  private buffered = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly knownRuns = new Set<number>();
  private readonly flushInterval: number;
  private readonly maxBuffered: number;
  private readonly write: (batch: Map<number, WrittenPoint[]>) => AppendedMetrics[];

  constructor(
    private readonly db: StoreDb,
    private readonly options: MetricsWriterOptions = {},
  ) {
    this.flushInterval = options.flushIntervalMs ?? 250;
    this.maxBuffered = options.maxBufferedPoints ?? 5000;
    this.write = db.transaction((batch: Map<number, WrittenPoint[]>) => this.writeBatch(batch));
  }

  /** Points buffered and not yet written. */
  get pending(): number {
    return this.buffered;
  }

  /** Buffers one step's metrics of a run; throws not_found / invalid before buffering anything. */
  append(runId: number, step: number, values: Record<string, number>, time = Date.now()): void {
    if (this.closed) throw new MdmError('conflict', 'the metrics writer is closed');
    if (!this.knownRuns.has(runId)) {
      requireRun(this.db, runId);
      this.knownRuns.add(runId);
    }
    int().parse(step, 'step');
    int().parse(time, 'time');
    const entries = Object.entries(values);
    for (const [key, value] of entries) {
      text.parse(key, 'metric key');
      if (typeof value !== 'number')
        throw new MdmError('invalid', `metric ${key}: expected a number`);
    }
    let points = this.buffer.get(runId);
    if (!points) this.buffer.set(runId, (points = []));
    for (const [key, value] of entries) {
      points.push({ key, step, value: Number.isNaN(value) ? null : value, time });
    }
    this.buffered += entries.length;
    if (this.buffered >= this.maxBuffered) this.flush();
    else this.timer ??= setTimeout(() => this.timedFlush(), this.flushInterval).unref();
  }

  /** Writes everything buffered in one transaction and returns (and reports) what it wrote. */
  flush(): FlushResult {
    this.clearTimer();
    if (this.buffered === 0) return { count: 0, runs: [] };
    const runs = this.write(this.buffer);
    this.buffer = new Map();
    this.buffered = 0;
    const result = { count: runs.reduce((n, r) => n + r.points.length, 0), runs };
    if (result.count > 0) this.options.onFlush?.(result);
    return result;
  }

  /** Flushes and refuses further points. */
  close(): FlushResult {
    const result = this.flush();
    this.closed = true;
    return result;
  }

  private timedFlush(): void {
    this.timer = null;
    try {
      this.flush();
    } catch (error) {
      this.options.onError?.(error);
      this.timer ??= setTimeout(() => this.timedFlush(), this.flushInterval).unref();
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Inside the transaction: drops runs deleted since their points were buffered, writes the rest. */
  private writeBatch(batch: Map<number, WrittenPoint[]>): AppendedMetrics[] {
    const insert = stmt(this.db, INSERT_SQL);
    const merge = stmt(this.db, MERGE_SUMMARY_SQL);
    const exists = stmt(this.db, 'SELECT 1 FROM runs WHERE id = ?', 'pluck');
    const written: AppendedMetrics[] = [];
    for (const [runId, points] of batch) {
      if (exists.get(runId) === undefined) {
        this.knownRuns.delete(runId);
        continue;
      }
      for (const p of points) insert.run(runId, p.key, p.step, p.value, p.time);
      const summaries = [...aggregate(points)].map(([key, a]) =>
        summaryFromRow(
          merge.get(runId, key, a.last, a.lastStep, a.min, a.max, a.count) as SummaryRow,
        ),
      );
      written.push({ runId, points, summaries });
    }
    return written;
  }
}

/** Last (by step), min, max and count of each key's points in one batch. */
function aggregate(points: readonly WrittenPoint[]): Map<string, Aggregate> {
  const byKey = new Map<string, Aggregate>();
  for (const { key, step, value } of points) {
    const a = byKey.get(key);
    if (!a) {
      byKey.set(key, { last: value, lastStep: step, min: value, max: value, count: 1 });
      continue;
    }
    if (step >= a.lastStep) {
      a.last = value;
      a.lastStep = step;
    }
    if (value !== null) {
      a.min = a.min === null ? value : Math.min(a.min, value);
      a.max = a.max === null ? value : Math.max(a.max, value);
    }
    a.count++;
  }
  return byKey;
}
