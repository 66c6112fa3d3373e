import { describe, expect, it } from 'vitest';
import { formatDuration, progressLine } from '../../../src-main/cli/runs/progress';

describe('progressLine', () => {
  it('shows bar, step, loss, throughput and an ETA from the steps done since start', () => {
    const line = progressLine(150, 200, 1.23456, 42.5, 50_000, 100);
    expect(line).toBe(
      '[##################......] 150/200  75% | loss 1.235 | 42.5 img/s | ETA 0:50',
    );
  });

  it('has no ETA before the first step', () => {
    expect(progressLine(0, 10, null, null, 0, 0)).toBe(
      '[........................] 0/10   0% | loss — | ETA —',
    );
  });

  it('formats long durations with hours', () => {
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });
});
