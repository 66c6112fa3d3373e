/**
 * runs-list latency for 1000 runs × 20 metrics. listRuns reads only runs and metric_summaries
 * (20 000 rows here), never the metrics table, so its cost does not grow with series length:
 * 50 points per series (1M metric rows) keeps setup CI-sized, and `naiveAggregateMs` shows what
 * computing the same summaries from the metrics rows on every request would cost instead.
 */
import { performance } from 'node:perf_hooks';
import {
  listRuns,
  MetricsWriter,
  setRunStatus,
  type ListRunsQuery,
} from '../src-main/backend/store';
import { printBenchResult } from './machine';
import { createRuns, METRIC_KEYS, quantiles, tempStore } from './store-bench-util';

const RUNS = 1000;
const POINTS_PER_SERIES = 50;
const REPEATS = 40;

const { db, cleanup } = tempStore();
const setupStart = performance.now();
const runIds = createRuns(db, RUNS);
const writer = new MetricsWriter(db, { maxBufferedPoints: 20_000 });
for (const [r, runId] of runIds.entries()) {
  for (let step = 0; step < POINTS_PER_SERIES; step++) {
    const values = Object.fromEntries(METRIC_KEYS.map((k, i) => [k, Math.cos(r + step * (i + 1))]));
    writer.append(runId, step * 100, values);
  }
  if (r % 3 === 0) setRunStatus(db, runId, 'running');
}
writer.close();
const setupSeconds = (performance.now() - setupStart) / 1000;

const queries: Record<string, ListRunsQuery> = {
  newestPage: { limit: 100 },
  sortByMetricPage: { sort: { key: 'metric:bpd:last', dir: 'asc' }, limit: 100 },
  filteredSortedPage: {
    filter: { status: ['running'], dataset: 'cifar10', text: 'cld' },
    sort: { key: 'metric:loss:min', dir: 'asc' },
    metricKeys: ['loss', 'bpd'],
    limit: 100,
  },
  allRunsAllMetrics: { sort: { key: 'metric:loss:last', dir: 'desc' }, limit: 1000 },
};

const results: Record<string, unknown> = {};
for (const [name, query] of Object.entries(queries)) {
  const times: number[] = [];
  let page = listRuns(db, query);
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    page = listRuns(db, query);
    times.push(performance.now() - t0);
  }
  const [p50, p95] = quantiles(times, [0.5, 0.95]);
  results[name] = { p50Ms: p50, p95Ms: p95, runsReturned: page.runs.length, total: page.total };
}

const t0 = performance.now();
db.prepare(
  'SELECT run_id, key, min(value), max(value), count(*) FROM metrics GROUP BY run_id, key',
).all();
const naiveAggregateMs = Math.round(performance.now() - t0);

printBenchResult('store-list', {
  runs: RUNS,
  metricsPerRun: METRIC_KEYS.length,
  pointsPerSeries: POINTS_PER_SERIES,
  metricRows: RUNS * METRIC_KEYS.length * POINTS_PER_SERIES,
  summaryRows: db.prepare('SELECT count(*) FROM metric_summaries').pluck().get(),
  setupSeconds: Math.round(setupSeconds * 10) / 10,
  repeats: REPEATS,
  ...results,
  naiveAggregateMs,
  target: 'listRuns < 200 ms',
});
cleanup();
