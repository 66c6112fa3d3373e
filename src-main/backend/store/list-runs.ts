import type { StoreDb } from './db';
import { MdmError } from '#shared/errors';
import { runFromRow, type RunRow } from './runs';
import { stmt } from './statements';
import {
  isRunSortKey,
  METRIC_SORT_STATS,
  RUN_SORT_COLUMNS,
  RUN_STATUSES,
  type ListRunsQuery,
  type MetricSummary,
  type RunFilter,
  type Run,
  type RunPage,
} from './types';
import { int } from './fields';
import { shownRun, shownStatusSql } from './shown-status';

const MAX_LIMIT = 5000;

type SummaryTuple = [number, string, number | null, number, number | null, number | null, number];

/**
 * One page of runs matching a filter, sorted, with their metric summaries and the total count.
 * Without a live owner, runs left 'running' are filtered, counted, sorted and returned as interrupted.
 */
export function listRuns(
  db: StoreDb,
  query: ListRunsQuery = {},
  { ownerAlive = true }: { ownerAlive?: boolean } = {},
): RunPage {
  const status = shownStatusSql(ownerAlive);
  const where = whereClause(query.filter ?? {}, status);
  const order = orderClause(query.sort ?? { key: 'created_at', dir: 'desc' }, status);
  const offset = int().parse(query.offset ?? 0, 'offset');
  const limit = int(1).parse(query.limit ?? 100, 'limit');
  if (limit > MAX_LIMIT)
    throw new MdmError('invalid', `limit: expected a number ≤ ${MAX_LIMIT}, got ${limit}`);
  return db.transaction(() => {
    const total = stmt(db, `SELECT count(*) FROM runs r ${where.sql}`, 'pluck').get(
      ...where.args,
    ) as number;
    const rows = stmt(
      db,
      `SELECT r.* FROM runs r ${order.join} ${where.sql} ${order.sql} LIMIT ? OFFSET ?`,
    ).all(...order.args, ...where.args, limit, offset) as RunRow[];
    const metrics = summariesFor(
      db,
      rows.map((r) => r.id),
      query.metricKeys,
    );
    const runs = rows.map((row) => ({
      ...shownRun(runFromRow(row), ownerAlive),
      metrics: metrics.get(row.id) ?? {},
    }));
    return { runs, total };
  })();
}

/** What a follower of the store compares between polls: a run without its config (nothing to parse). */
export type RunState = Pick<
  Run,
  'id' | 'status' | 'error' | 'progress' | 'name' | 'notes' | 'tags'
>;

/** Every run's state by id, its status shown as in listRuns. */
export function runStates(
  db: StoreDb,
  { ownerAlive = true }: { ownerAlive?: boolean } = {},
): RunState[] {
  const rows = stmt(
    db,
    `SELECT id, status, error, progress_step, progress_total, name, notes, tags FROM runs
     ORDER BY id`,
  ).all() as Omit<RunRow, 'config'>[];
  return rows.map((r) =>
    shownRun(
      {
        id: r.id,
        status: r.status,
        error: r.error,
        progress: { step: r.progress_step, total: r.progress_total },
        name: r.name,
        notes: r.notes,
        tags: JSON.parse(r.tags) as string[],
      },
      ownerAlive,
    ),
  );
}

/** Builds the WHERE clause; the SQL depends only on which filters are set (and the owner), so it caches well. */
function whereClause(filter: RunFilter, status: string): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (filter.status !== undefined) {
    const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
    const bad = statuses.find((s) => !RUN_STATUSES.includes(s));
    if (bad !== undefined)
      throw new MdmError('invalid', `status: unknown run status ${JSON.stringify(bad)}`);
    parts.push(`${status} IN (SELECT value FROM json_each(?))`);
    args.push(JSON.stringify(statuses));
  }
  for (const column of ['dataset', 'diffusion'] as const) {
    if (filter[column] === undefined) continue;
    parts.push(`r.${column} = ?`);
    args.push(filter[column]);
  }
  if (filter.tag !== undefined) {
    parts.push('EXISTS (SELECT 1 FROM json_each(r.tags) WHERE value = ?)');
    args.push(filter.tag);
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    const pattern = `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      `(r.name LIKE ? ESCAPE '\\' OR r.notes LIKE ? ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM json_each(r.tags) WHERE value LIKE ? ESCAPE '\\'))`,
    );
    args.push(pattern, pattern, pattern);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** Builds ORDER BY (nulls last, id as tie-break) and, for metric keys, the summary join. */
function orderClause(
  sort: { key: string; dir: string },
  status: string,
): {
  join: string;
  sql: string;
  args: unknown[];
} {
  if (sort.dir !== 'asc' && sort.dir !== 'desc') {
    throw new MdmError(
      'invalid',
      `sort.dir: expected 'asc' or 'desc', got ${JSON.stringify(sort.dir)}`,
    );
  }
  if (!isRunSortKey(sort.key)) {
    throw new MdmError(
      'invalid',
      `sort.key: cannot sort runs by ${JSON.stringify(sort.key)}, use a column ` +
        `(${RUN_SORT_COLUMNS.join(', ')}) or metric:<key>:${METRIC_SORT_STATS.join('|')}`,
    );
  }
  const metric = /^metric:(.+):(\w+)$/.exec(sort.key);
  if (metric) {
    return {
      join: 'LEFT JOIN metric_summaries s ON s.run_id = r.id AND s.key = ?',
      sql: `ORDER BY s.${metric[2]} IS NULL, s.${metric[2]} ${sort.dir}, r.id ${sort.dir}`,
      args: [metric[1]],
    };
  }
  const column = sort.key === 'status' ? status : `r.${sort.key}`;
  return {
    join: '',
    sql: `ORDER BY ${column} IS NULL, ${column} ${sort.dir}, r.id ${sort.dir}`,
    args: [],
  };
}

/** Metric summaries of the given runs, optionally only some keys, grouped by run id. */
function summariesFor(
  db: StoreDb,
  runIds: number[],
  keys: string[] | undefined,
): Map<number, Record<string, MetricSummary>> {
  const byRun = new Map<number, Record<string, MetricSummary>>();
  if (runIds.length === 0) return byRun;
  const sql = `SELECT run_id, key, last, last_step, min, max, count FROM metric_summaries
    WHERE run_id IN (SELECT value FROM json_each(?))
    ${keys ? 'AND key IN (SELECT value FROM json_each(?))' : ''}`;
  const args = keys ? [JSON.stringify(runIds), JSON.stringify(keys)] : [JSON.stringify(runIds)];
  // Raw rows: a full page can hold 20 000 summaries, and arrays are half the cost of objects.
  const rows = stmt(db, sql, 'raw').all(...args) as SummaryTuple[];
  for (const [runId, key, last, lastStep, min, max, count] of rows) {
    let metrics = byRun.get(runId);
    if (!metrics) byRun.set(runId, (metrics = {}));
    metrics[key] = { key, last, lastStep, min, max, count };
  }
  return byRun;
}
