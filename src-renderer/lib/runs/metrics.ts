/** Which metrics the runs table, the detail page and the compare page show, and in what order. */
import type { MetricSummary, RunStatus } from '#shared/api/runs';

/** Columns the runs table offers first; any other key a run logged can be picked too. */
export const DEFAULT_METRIC_COLUMNS = ['test/bpd', 'loss', 'bpd'];

/** Bits per dimension and its ELBO terms, as the trainer logs them (the test set's under test/). */
const BPD_TERMS = ['bpd', 'bpd_prior', 'bpd_diffusion', 'bpd_aux', 'bpd_offset'];

/** Training metrics in the order the detail page charts them (VDM-style ELBO terms after bpd). */
export const CHART_ORDER = [
  'loss',
  ...BPD_TERMS,
  ...BPD_TERMS.map((key) => `test/${key}`),
  'grad_norm',
  'lr',
  'images_per_sec',
];

/** Known keys first in CHART_ORDER, the rest alphabetically; standard errors are shown with their mean. */
export function orderMetricKeys(keys: readonly string[]): string[] {
  const rank = (k: string) => {
    const i = CHART_ORDER.indexOf(k);
    return i < 0 ? CHART_ORDER.length : i;
  };
  return keys
    .filter((k) => !k.endsWith('_stderr'))
    .slice()
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Readable titles for the keys people look at most. */
const TITLES: Record<string, string> = {
  loss: 'Loss',
  bpd: 'Train BPD (ELBO)',
  bpd_prior: 'ELBO term: prior (bpd)',
  bpd_diffusion: 'ELBO term: diffusion (bpd)',
  bpd_aux: 'ELBO term: auxiliary entropy (bpd)',
  bpd_offset: 'ELBO term: offset (bpd)',
  'test/bpd': 'Test BPD',
  grad_norm: 'Gradient norm',
  lr: 'Learning rate',
  images_per_sec: 'Throughput (images/s)',
};

export function metricTitle(key: string): string {
  return TITLES[key] ?? key;
}

/** Keys worth a log-y axis by default would differ per user; we leave the choice to the toolbar. */
export type Stat = 'last' | 'min' | 'max';

export function statOf(summary: MetricSummary | undefined, stat: Stat): number | null {
  return summary ? summary[stat] : null;
}

/** Statuses a user can act on, per action. */
export function canStop(status: RunStatus): boolean {
  return status === 'running' || status === 'queued';
}
export function canResume(status: RunStatus): boolean {
  return status === 'stopped' || status === 'interrupted' || status === 'failed';
}
export function isLive(status: RunStatus): boolean {
  return status === 'running' || status === 'queued';
}

/** "test/bpd ± stderr" of a run, from the metrics the evaluator logs; null without a test/bpd. */
export function testBpd(
  metrics: Record<string, MetricSummary>,
): { value: number; stderr: number | null } | null {
  const value = metrics['test/bpd']?.last;
  if (value === null || value === undefined) return null;
  return { value, stderr: metrics['test/bpd_stderr']?.last ?? null };
}
