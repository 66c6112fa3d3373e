import { describe, expect, it } from 'vitest';
import type { RunWithMetrics } from '#shared/api/runs';
import type { SweepMember } from '#shared/api/sweeps';
import { sweepResults } from '../../../src-main/backend/sweeps/results';

function member(runId: number, label: string, seed: number, bpd: number | null, stderr = 0.01) {
  const summary = (v: number) => ({ key: '', last: v, lastStep: 1, min: v, max: v, count: 1 });
  const metrics: RunWithMetrics['metrics'] =
    bpd === null
      ? { bpd: summary(3) }
      : { 'test/bpd': summary(bpd), 'test/bpd_stderr': summary(stderr) };
  return {
    runId,
    label,
    seed,
    variant: '',
    run: { metrics } as RunWithMetrics,
  } satisfies SweepMember & {
    run: RunWithMetrics;
  };
}

describe('sweep results', () => {
  it('gives the mean ± standard error over seeds beside the paper, and waits for unfinished seeds', () => {
    const rows = sweepResults('mnist', [
      member(1, 'vpsde', 0, 1.0),
      member(2, 'vpsde', 1, 1.2),
      member(3, 'vpsde', 2, 1.4),
      member(4, 'malda', 0, 0.9, 0.02),
      member(5, 'malda', 1, null),
      member(6, 'learned-3', 0, null),
    ]);
    expect(rows.map((r) => r.label)).toEqual(['vpsde', 'malda', 'learned-3']);
    expect(rows[0]).toMatchObject({ metric: 'test/bpd', done: 3, seeds: 3, paper: 1.089 });
    expect(rows[0]!.mean).toBeCloseTo(1.2, 12);
    expect(rows[0]!.stderr).toBeCloseTo(0.2 / Math.sqrt(3), 12); // sd 0.2 over 3 seeds
    // One finished seed: its own standard error over the test set.
    expect(rows[1]).toMatchObject({ mean: 0.9, stderr: 0.02, done: 1, seeds: 2, paper: 0.507 });
    expect(rows[2]).toMatchObject({ mean: null, stderr: null, done: 0, paper: null });
  });
});
