import type { StoreDb } from './db';
import { getRun } from './runs';
import { stmt } from './statements';
import { int } from './fields';

export interface MetricsExportOptions {
  /** Only these keys; every key when omitted. */
  keys?: string[];
  /** Rows read per query (default 10 000). */
  chunkRows?: number;
}

type Row = [key: string, step: number, value: number | null, time: number];

/**
 * A run's metrics as CSV text chunks (header `run_id,key,step,value,time`; NaN as an empty
 * value). Throws not_found at once; reads lazily, one chunk per query, so the connection stays
 * free for the writer between chunks however slowly the caller consumes them.
 */
export function metricsCsv(
  db: StoreDb,
  runId: number,
  options: MetricsExportOptions = {},
): Iterable<string> {
  getRun(db, runId);
  return (function* () {
    yield 'run_id,key,step,value,time\n';
    for (const rows of metricChunks(db, runId, options)) {
      yield rows
        .map(([key, step, value, time]) => {
          return `${runId},${csvField(key)},${step},${value ?? ''},${time}\n`;
        })
        .join('');
    }
  })();
}

/** A run's metrics as JSON text chunks: {"run": Run, "metrics": {key: [[step, value, time], …]}}. */
export function metricsJson(
  db: StoreDb,
  runId: number,
  options: MetricsExportOptions = {},
): Iterable<string> {
  const run = getRun(db, runId);
  return (function* () {
    yield `{"run":${JSON.stringify(run)},"metrics":{`;
    let currentKey: string | null = null;
    for (const rows of metricChunks(db, runId, options)) {
      const parts: string[] = [];
      for (const [key, step, value, time] of rows) {
        if (key !== currentKey) {
          parts.push(`${currentKey === null ? '' : ']],'}\n${JSON.stringify(key)}:[[`);
          currentKey = key;
        } else parts.push('],[');
        parts.push(`${step},${value ?? 'null'},${time}`);
      }
      yield parts.join('');
    }
    yield currentKey === null ? '}}\n' : ']]\n}}\n';
  })();
}

/** Rows ordered by (key, step), a chunk per query, paging by the last (key, step) seen. */
function* metricChunks(
  db: StoreDb,
  runId: number,
  options: MetricsExportOptions,
): Generator<Row[]> {
  const limit = int(1).parse(options.chunkRows ?? 10_000, 'chunkRows');
  const keys = options.keys === undefined ? null : JSON.stringify(options.keys);
  const page = stmt(
    db,
    `SELECT key, step, value, time FROM metrics
     WHERE run_id = @runId AND (key, step) > (@key, @step)
       AND (@keys IS NULL OR key IN (SELECT value FROM json_each(@keys)))
     ORDER BY key, step LIMIT @limit`,
    'raw',
  );
  let cursor: [string, number] = ['', Number.MIN_SAFE_INTEGER];
  for (;;) {
    const rows = page.all({ runId, key: cursor[0], step: cursor[1], keys, limit }) as Row[];
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1] as Row;
    cursor = [last[0], last[1]];
    if (rows.length < limit) return;
  }
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
