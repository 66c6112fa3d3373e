import type { StoreDb } from './db';
import { downsampleMinMax } from './downsample';
import { requireRun } from './runs';
import { stmt } from './statements';
import type { MetricSeries, SeriesOptions } from './types';
import { int } from './fields';

/** One metric of one run over steps, optionally limited to a step range and downsampled. */
export function metricSeries(
  db: StoreDb,
  runId: number,
  key: string,
  options: SeriesOptions = {},
): MetricSeries {
  requireRun(db, runId);
  const maxPoints =
    options.maxPoints === undefined ? undefined : int(2).parse(options.maxPoints, 'maxPoints');
  const rows = stmt(
    db,
    `SELECT step, value, time FROM metrics
     WHERE run_id = ? AND key = ? AND step BETWEEN ? AND ? ORDER BY step`,
    'raw',
  ).all(
    runId,
    key,
    options.fromStep ?? Number.MIN_SAFE_INTEGER,
    options.toStep ?? Number.MAX_SAFE_INTEGER,
  ) as [number, number | null, number][];
  const kept = maxPoints === undefined ? rows : downsampleMinMax(rows, (r) => r[1], maxPoints);
  return {
    runId,
    key,
    points: kept.map(([step, value, time]) => ({ step, value, time })),
    total: rows.length,
  };
}

/** The metric keys a run has recorded, sorted. */
export function metricKeys(db: StoreDb, runId: number): string[] {
  requireRun(db, runId);
  return stmt(db, 'SELECT key FROM metric_summaries WHERE run_id = ? ORDER BY key', 'pluck').all(
    runId,
  ) as string[];
}
