/** A sweep's results table: per diffusion (and variant), the test metric's mean ± standard error over seeds, beside the paper's. */
import type { RunWithMetrics } from '#shared/api/runs';
import type { SweepMember, SweepResult } from '#shared/api/sweeps';
import { paperBpd } from '#shared/config/sweep';

/** The test metric a run reports: BPD for images, nats per dimension for 2-D points (as the runs table). */
function testMetric(run: RunWithMetrics): string | null {
  if (run.metrics['test/bpd']) return 'test/bpd';
  if (run.metrics['test/npd']) return 'test/npd';
  return null;
}

/** One row per (label, variant) in grid order; the standard error is over seeds when two or more have finished. */
export function sweepResults(
  dataset: string,
  members: (SweepMember & { run: RunWithMetrics })[],
): SweepResult[] {
  const rows = new Map<string, (SweepMember & { run: RunWithMetrics })[]>();
  for (const m of members) {
    const key = JSON.stringify([m.label, m.variant]);
    rows.set(key, [...(rows.get(key) ?? []), m]);
  }
  return [...rows.values()].map((cell) => {
    const first = cell[0]!;
    const metric =
      cell.map((m) => testMetric(m.run)).find((k) => k !== null) ??
      (cell.some((m) => m.run.metrics.npd) ? 'test/npd' : 'test/bpd');
    const finished = cell.flatMap((m) => {
      const value = m.run.metrics[metric]?.last;
      return value === null || value === undefined
        ? []
        : [{ value, stderr: m.run.metrics[`${metric}_stderr`]?.last ?? null }];
    });
    const n = finished.length;
    const mean = n > 0 ? finished.reduce((s, f) => s + f.value, 0) / n : null;
    let stderr: number | null = null;
    if (n >= 2 && mean !== null) {
      const variance = finished.reduce((s, f) => s + (f.value - mean) ** 2, 0) / (n - 1);
      stderr = Math.sqrt(variance / n);
    } else if (n === 1) stderr = finished[0]!.stderr;
    return {
      label: first.label,
      variant: first.variant,
      metric,
      mean,
      stderr,
      done: n,
      seeds: cell.length,
      paper: metric === 'test/bpd' ? paperBpd(dataset, first.label) : null,
    };
  });
}
