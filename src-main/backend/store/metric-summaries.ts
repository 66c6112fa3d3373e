import type { StoreDb } from './db';
import { rowsOfRun } from './runs';
import { stmt } from './statements';
import type { MetricSummary } from './types';

/** A metric_summaries row as SQLite returns it. */
export interface SummaryRow {
  run_id: number;
  key: string;
  last: number | null;
  last_step: number;
  min: number | null;
  max: number | null;
  count: number;
}

/** Maps a metric_summaries row to a MetricSummary. */
export function summaryFromRow(row: SummaryRow): MetricSummary {
  return {
    key: row.key,
    last: row.last,
    lastStep: row.last_step,
    min: row.min,
    max: row.max,
    count: row.count,
  };
}

/**
 * Merges one flush's aggregate of a (run, key) into its summary and returns the result. SQLite's
 * two-argument min/max return NULL if either side is NULL, hence the coalesces.
 */
export const MERGE_SUMMARY_SQL = `
INSERT INTO metric_summaries (run_id, key, last, last_step, min, max, count)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (run_id, key) DO UPDATE SET
  last = CASE WHEN excluded.last_step >= metric_summaries.last_step
    THEN excluded.last ELSE metric_summaries.last END,
  last_step = max(metric_summaries.last_step, excluded.last_step),
  min = min(coalesce(metric_summaries.min, excluded.min), coalesce(excluded.min, metric_summaries.min)),
  max = max(coalesce(metric_summaries.max, excluded.max), coalesce(excluded.max, metric_summaries.max)),
  count = metric_summaries.count + excluded.count
RETURNING *`;

/** Every metric summary of a run, by key. */
export function metricSummaries(db: StoreDb, runId: number): MetricSummary[] {
  return rowsOfRun(
    db,
    runId,
    'SELECT * FROM metric_summaries WHERE run_id = ? ORDER BY key',
    summaryFromRow,
  );
}

/** Rebuilds a run's summaries from its metrics rows (after rows were deleted). */
export function recomputeSummaries(db: StoreDb, runId: number): void {
  stmt(db, 'DELETE FROM metric_summaries WHERE run_id = ?').run(runId);
  stmt(
    db,
    `INSERT INTO metric_summaries (run_id, key, last, last_step, min, max, count)
     SELECT run_id, key,
       (SELECT value FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key
        ORDER BY step DESC LIMIT 1),
       max(step), min(value), max(value), count(*)
     FROM metrics m WHERE run_id = ? GROUP BY key`,
  ).run(runId);
}
