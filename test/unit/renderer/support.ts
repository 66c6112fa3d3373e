import type { MetricSummary } from '#shared/api/runs';

/** A metric seen once, at step 10, with value `last`: enough for tables and axes of final values. */
export const summary = (key: string, last: number): MetricSummary => ({
  key,
  last,
  lastStep: 10,
  min: last,
  max: last,
  count: 1,
});
