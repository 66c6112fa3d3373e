/** Which metrics the runs table, the detail page and the compare page show, and in what order. */
import type { DatasetKind } from '#shared/api/datasets';
import type { MetricSummary, RunStatus } from '#shared/api/runs';

/** Columns the runs table offers first; any other key a run logged can be picked too. */
export const DEFAULT_METRIC_COLUMNS = ['test/bpd', 'loss', 'bpd'];

/** Bits per dimension and its ELBO terms, as the trainer logs them (the test set's under test/). */
const BPD_TERMS = ['bpd', 'bpd_prior', 'bpd_diffusion', 'bpd_aux', 'bpd_offset'];
/** The same in nats per dimension, as 2-D point runs log them. */
const NPD_TERMS = BPD_TERMS.map((key) => key.replace('bpd', 'npd'));

/** Training metrics in the order the detail page charts them (VDM-style ELBO terms after bpd). */
export const CHART_ORDER = [
  'loss',
  'elbo',
  ...BPD_TERMS,
  ...NPD_TERMS,
  ...[...BPD_TERMS, ...NPD_TERMS].map((key) => `test/${key}`),
  'grad_norm',
  'grad_norm_clipped',
  'grad_norm_diffusion',
  'lr',
  'lr_diffusion',
  'images_per_sec',
  'system/cpu_percent',
  'system/rss_mb',
  'system/heap_mb',
  'system/gpu_mb',
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

/** Readable titles of the keys the trainer and the system sampler log; test/ keys reuse them. */
const TITLES: Record<string, string> = {
  loss: 'Loss',
  elbo: 'ELBO (nats per example)',
  bpd: 'Train BPD (ELBO)',
  bpd_prior: 'ELBO term: prior (bpd)',
  bpd_diffusion: 'ELBO term: diffusion (bpd)',
  bpd_aux: 'ELBO term: auxiliary entropy (bpd)',
  bpd_offset: 'ELBO term: offset (bpd)',
  bpd_no_offset: 'BPD without the offset term',
  npd: 'Train NLL (nats per dimension)',
  npd_prior: 'ELBO term: prior (nats/dim)',
  npd_diffusion: 'ELBO term: diffusion (nats/dim)',
  npd_aux: 'ELBO term: auxiliary entropy (nats/dim)',
  npd_offset: 'ELBO term: offset (nats/dim)',
  npd_no_offset: 'NLL without the offset term (nats/dim)',
  images: 'Examples evaluated',
  grad_norm: 'Gradient norm',
  grad_norm_clipped: 'Gradient norm after clipping',
  grad_norm_diffusion: 'Gradient norm of the diffusion (Q, D)',
  lr: 'Learning rate',
  lr_diffusion: 'Learning rate of the diffusion (Q, D)',
  images_per_sec: 'Throughput (images/s)',
  'test/bpd': 'Test BPD',
  'test/npd': 'Test NLL (nats/dim)',
  'system/cpu_percent': 'CPU (% of one core)',
  'system/rss_mb': 'Process memory (RSS, MB)',
  'system/heap_mb': 'JS heap in use (MB)',
  'system/tensor_mb': 'Tensor memory (MB)',
  'system/gpu_mb': 'GPU memory in use (MB)',
  'system/gpu_percent': 'GPU utilisation (%)',
};

/** A metric's readable title ("Test ELBO term: prior (bpd)"); 2-D point data count points/s, not images/s. */
export function metricTitle(key: string, kind: DatasetKind = 'image'): string {
  if (key === 'images_per_sec' && kind === 'points') return 'Throughput (points/s)';
  const title = TITLES[key];
  if (title) return title;
  const test = /^test\/(.+)$/.exec(key)?.[1];
  if (test && TITLES[test]) {
    const base = TITLES[test]!;
    return base.startsWith('Train ') ? `Test ${base.slice(6)}` : `Test ${lowerFirst(base)}`;
  }
  if (test?.endsWith('_stderr'))
    return `${metricTitle(`test/${test.slice(0, -7)}`, kind)} (stderr)`;
  return key.replace(/^system\//, 'System: ').replace(/_/g, ' ');
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
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
