import { describe, expect, it } from 'vitest';
import * as eta from '../../../src-renderer/lib/runs/eta';

describe('ETA', () => {
  it('uses the live rate when there are two samples', () => {
    const samples = [
      { time: 0, step: 100 },
      { time: 10_000, step: 200 },
    ];
    expect(eta.stepRate(samples)).toBe(10);
    expect(
      eta.etaMs({
        status: 'running',
        step: 200,
        total: 1200,
        startedAt: -1e9,
        now: 10_000,
        samples,
      }),
    ).toBe(100_000);
  });

  it('falls back to the average rate since the run started', () => {
    expect(eta.etaMs({ status: 'running', step: 50, total: 100, startedAt: 0, now: 5000 })).toBe(
      5000,
    );
  });

  it('is unknown for runs that are not running, finished, or have not moved', () => {
    const base = { step: 10, total: 100, startedAt: 0, now: 1000 };
    expect(eta.etaMs({ ...base, status: 'stopped' })).toBeNull();
    expect(eta.etaMs({ ...base, status: 'running', step: 100 })).toBeNull();
    expect(eta.etaMs({ ...base, status: 'running', step: 0 })).toBeNull();
    expect(eta.etaMs({ ...base, status: 'running', startedAt: null })).toBeNull();
    expect(eta.etaMs({ ...base, status: 'running', total: 0 })).toBeNull();
  });

  it('keeps a bounded window and restarts it when a resume rewinds the step', () => {
    let samples = [{ time: 0, step: 0 }];
    for (let i = 1; i <= 50; i++)
      samples = eta.pushSample(samples, { time: i * 100, step: i * 10 });
    expect(samples).toHaveLength(eta.RATE_WINDOW);
    expect(samples.at(-1)).toEqual({ time: 5000, step: 500 });
    samples = eta.pushSample(samples, { time: 6000, step: 250 });
    expect(samples).toEqual([{ time: 6000, step: 250 }]);
    expect(eta.stepRate(samples)).toBeNull();
    // A repeated step adds nothing.
    expect(eta.pushSample(samples, { time: 7000, step: 250 })).toEqual(samples);
  });

  it('formats remaining time and clamps the progress fraction', () => {
    expect(eta.formatEta(null)).toBe('');
    expect(eta.formatEta(12_400)).toBe('12 s');
    expect(eta.formatEta(4 * 60_000)).toBe('4 min');
    expect(eta.formatEta(65 * 60_000)).toBe('1 h 05 min');
    expect(eta.formatEta(51 * 3_600_000)).toBe('2 d 3 h');
    expect(eta.progressFraction(5, 10)).toBe(0.5);
    expect(eta.progressFraction(15, 10)).toBe(1);
    expect(eta.progressFraction(5, 0)).toBe(0);
  });
});
