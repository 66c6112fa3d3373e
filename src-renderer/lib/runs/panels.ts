/** The run page's metric panels: grouped (loss/ELBO, optimisation, throughput, evaluation, system), pinned first, one-off values as numbers. */
import { orderMetricKeys } from './metrics';

export const PANEL_GROUPS = [
  { id: 'loss', title: 'Loss and ELBO terms' },
  { id: 'optimisation', title: 'Optimisation' },
  { id: 'throughput', title: 'Throughput' },
  { id: 'evaluation', title: 'Evaluation' },
  { id: 'system', title: 'System' },
  { id: 'other', title: 'Other' },
] as const;
export type PanelGroup = (typeof PANEL_GROUPS)[number]['id'];

/** The group a metric key's panel belongs to. */
export function panelGroup(key: string): PanelGroup {
  if (key.startsWith('system/')) return 'system';
  if (key.startsWith('test/')) return 'evaluation';
  if (key.endsWith('_per_sec')) return 'throughput';
  if (/^(grad_norm|lr)(_|$)/.test(key)) return 'optimisation';
  if (/^(loss|elbo|bpd|npd)(_|$)/.test(key)) return 'loss';
  return 'other';
}

/** Which panels a user pinned (shown first) and hid. */
export interface PanelPrefs {
  pinned: readonly string[];
  hidden: readonly string[];
}

/** A value the run recorded once (e.g. test/images), shown as a number; its standard error when logged. */
export interface SingleValue {
  key: string;
  value: number;
  stderr: number | null;
}

export interface PanelLayout {
  pinned: string[];
  groups: { id: PanelGroup; title: string; keys: string[] }[];
  values: SingleValue[];
  /** Every chartable key (shown or hidden), grouped, for the panel chooser. */
  all: { id: PanelGroup; title: string; keys: string[] }[];
}

/** The one finite value of a series recorded exactly once, else null. */
function onlyValue(y: ArrayLike<number> | undefined): number | null {
  return y && y.length === 1 && Number.isFinite(y[0]!) ? y[0]! : null;
}

/**
 * Lays out the panels of a run's series: keys recorded once become numbers (while a run is live
 * only test/ keys, which are recorded once by design), the rest charts in their groups, pinned
 * charts first in pin order, hidden ones left out.
 */
export function panelLayout(
  series: Record<string, { y: ArrayLike<number> }>,
  prefs: PanelPrefs,
  live: boolean,
): PanelLayout {
  const values: SingleValue[] = [];
  const charts: string[] = [];
  for (const key of orderMetricKeys(Object.keys(series))) {
    const value = onlyValue(series[key]?.y);
    if (value !== null && (!live || key.startsWith('test/'))) {
      values.push({ key, value, stderr: onlyValue(series[`${key}_stderr`]?.y) });
    } else charts.push(key);
  }
  const hidden = new Set(prefs.hidden);
  const pinned = prefs.pinned.filter((k) => charts.includes(k) && !hidden.has(k));
  const grouped = (keys: string[]) =>
    PANEL_GROUPS.map((g) => ({ ...g, keys: keys.filter((k) => panelGroup(k) === g.id) })).filter(
      (g) => g.keys.length > 0,
    );
  return {
    pinned,
    groups: grouped(charts.filter((k) => !hidden.has(k) && !pinned.includes(k))),
    values,
    all: grouped(charts),
  };
}

/** localStorage key of the panel preferences (one set per user profile, for every run). */
const STORAGE_KEY = 'mdm-chart-panels';

/** The saved preferences, or none pinned and none hidden when nothing (valid) is saved. */
export function loadPanelPrefs(storage: Pick<Storage, 'getItem'>): PanelPrefs {
  try {
    const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}') as Partial<PanelPrefs>;
    const strings = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    return { pinned: strings(parsed.pinned), hidden: strings(parsed.hidden) };
  } catch {
    return { pinned: [], hidden: [] };
  }
}

export function savePanelPrefs(storage: Pick<Storage, 'setItem'>, prefs: PanelPrefs): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(prefs));
}

/** `list` with `key` added (at the end) or removed. */
export function toggled(list: readonly string[], key: string): string[] {
  return list.includes(key) ? list.filter((k) => k !== key) : [...list, key];
}
