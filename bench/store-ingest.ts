/** Ingest throughput: metric points per second through MetricsWriter into an on-disk store. */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MetricsWriter } from '../src-main/backend/store';
import { printBenchResult } from './machine';
import { createRuns, METRIC_KEYS, quantiles, tempStore } from './store-bench-util';

const RUNS = 5;
const STEPS = 10_000;
const WINDOW = 100_000;

const { db, file, cleanup } = tempStore();
const runIds = createRuns(db, RUNS);
const flushMs: number[] = [];
const writer = new MetricsWriter(db);

/** Steps of all runs interleaved, as concurrent workers would report them. */
const windows: number[] = [];
let points = 0;
let windowStart = performance.now();
const start = windowStart;
for (let step = 0; step < STEPS; step++) {
  for (const runId of runIds) {
    const values = Object.fromEntries(METRIC_KEYS.map((k, i) => [k, Math.sin(step / (i + 1))]));
    const t0 = performance.now();
    writer.append(runId, step, values, 1_700_000_000_000 + step);
    if (writer.pending === 0) flushMs.push(performance.now() - t0);
    points += METRIC_KEYS.length;
    if (points % WINDOW === 0) {
      const now = performance.now();
      windows.push(WINDOW / ((now - windowStart) / 1000));
      windowStart = now;
    }
  }
}
writer.close();
const seconds = (performance.now() - start) / 1000;
const stored = db.prepare('SELECT count(*) FROM metrics').pluck().get() as number;
const [p50, p95, max] = quantiles(flushMs, [0.5, 0.95, 1]);
printBenchResult('store-ingest', {
  points,
  stored,
  runs: RUNS,
  keys: METRIC_KEYS.length,
  seconds: Math.round(seconds * 100) / 100,
  pointsPerSecond: Math.round(points / seconds),
  slowestWindowPointsPerSecond: Math.round(Math.min(...windows)),
  windowPoints: WINDOW,
  flushes: flushMs.length,
  pointsPerFlush: Math.round(points / flushMs.length),
  flushMs: { p50, p95, max },
  dbMiB: Math.round(fs.statSync(file).size / 2 ** 20),
  target: '>= 50000 points/s sustained',
});
cleanup();
