/** A run's final test likelihood: test BPD for images, test NPD (nats/dim) for 2-D toy runs. */
import type { MetricSummary } from '#shared/api/runs';

export interface FinalTest {
  key: 'test/bpd' | 'test/npd';
  unit: 'bpd' | 'npd';
  value: number;
  stderr: number | null;
}

/** Test BPD ± s.e. when logged, else test NPD ± s.e.; null when the run was never evaluated. */
export function finalTest(metrics: Readonly<Record<string, MetricSummary>>): FinalTest | null {
  for (const unit of ['bpd', 'npd'] as const) {
    const key = `test/${unit}` as const;
    const value = metrics[key]?.last;
    if (value !== null && value !== undefined) {
      return { key, unit, value, stderr: metrics[`${key}_stderr`]?.last ?? null };
    }
  }
  return null;
}

/** The toy-run stand-in for an image metric key shown in a column: test/bpd → test/npd, bpd → npd. */
export function npdTwin(key: string): string | null {
  return key === 'bpd' || key === 'test/bpd' ? key.replace('bpd', 'npd') : null;
}

/** The summary a metric column shows for a run: its own key, else (2-D toy runs) the npd twin of a bpd column. */
export function columnSummary(
  metrics: Readonly<Record<string, MetricSummary>>,
  key: string,
): { key: string; summary: MetricSummary } | null {
  const own = metrics[key];
  if (own) return { key, summary: own };
  const twin = npdTwin(key);
  const other = twin ? metrics[twin] : undefined;
  return twin && other ? { key: twin, summary: other } : null;
}
