/** Axes of the across-runs views (scatter, parallel coordinates): config keys, value scales, ticks. */
import type { MetricSummary } from '#shared/api/runs';
import { flattenConfig, sameValue } from './config-diff';
import { finalTest } from './final-metric';
import { formatConfigValue, formatMetric } from './format';

/** A numeric axis (log when positive values span two decades or more) or a list of categories. */
export type Axis =
  | { kind: 'numeric'; min: number; max: number; log: boolean }
  | { kind: 'categorical'; categories: string[] };

/** Settings that say nothing about a run's outcome, left out of the axis choices. */
const NOT_AXES = new Set(['name', 'notes', 'tags']);

/** The config keys a run can be plotted against, the ones that differ across `configs` first. */
export function configKeys(configs: readonly Record<string, unknown>[]): string[] {
  const flat = configs.map((c) => flattenConfig(c));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))].filter((k) => !NOT_AXES.has(k));
  const varies = (key: string) => flat.some((f) => !sameValue(f.get(key), flat[0]?.get(key)));
  return keys.sort((a, b) => Number(varies(b)) - Number(varies(a)) || a.localeCompare(b));
}

/** The value of a dot-path config key of one run (undefined where the run lacks it). */
export function configValue(config: Record<string, unknown>, key: string): unknown {
  return flattenConfig(config).get(key);
}

/** The axis for these values: numeric when every present value is a finite number, else categories. */
export function axisFor(values: readonly unknown[]): Axis | null {
  const present = values.filter((v) => v !== undefined);
  if (present.length === 0) return null;
  if (present.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const nums = present as number[];
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    return { kind: 'numeric', min, max, log: min > 0 && max / min >= 100 };
  }
  const categories = [...new Set(present.map(formatConfigValue))].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  return { kind: 'categorical', categories };
}

/** Where a value sits on the axis, 0 (start) to 1 (end); null when it cannot be placed. */
export function place(axis: Axis, v: unknown): number | null {
  if (v === undefined) return null;
  if (axis.kind === 'categorical') {
    const i = axis.categories.indexOf(formatConfigValue(v));
    return i < 0 ? null : (i + 0.5) / axis.categories.length;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || (axis.log && v <= 0)) return null;
  if (axis.max === axis.min) return 0.5;
  const f = axis.log ? Math.log10 : (x: number) => x;
  return (f(v) - f(axis.min)) / (f(axis.max) - f(axis.min));
}

export interface Tick {
  at: number;
  label: string;
}

/** Labelled ticks: every category; powers of ten on log axes; 1–2–5 steps (about five) on linear ones. */
export function ticks(axis: Axis): Tick[] {
  if (axis.kind === 'categorical') {
    return axis.categories.map((label, i) => ({ at: (i + 0.5) / axis.categories.length, label }));
  }
  const { min, max } = axis;
  if (max === min) return [{ at: 0.5, label: formatMetric(min) }];
  const values: number[] = [];
  if (axis.log) {
    for (let e = Math.ceil(Math.log10(min)); e <= Math.floor(Math.log10(max)); e++)
      values.push(10 ** e);
    if (values.length < 2) values.splice(0, values.length, min, max);
  } else {
    const raw = (max - min) / 5;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
    for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
      values.push(Number(v.toPrecision(12)));
    }
  }
  return values.flatMap((v) => {
    const at = place(axis, v);
    return at === null ? [] : [{ at, label: formatMetric(v) }];
  });
}

/** A run in the scatter (by its key, `12` or `gpu:12`): its config value on x, its final metric on y, its palette slot. */
export interface ScatterPoint {
  key: string;
  label: string;
  x: unknown;
  y: number;
  color: number;
}

/** One axis of the parallel-coordinates view: a config key or a final metric, its value per run. */
export interface Dimension {
  key: string;
  label: string;
  values: unknown[];
  axis: Axis;
}

interface RunLike {
  config: Record<string, unknown>;
  metrics: Readonly<Record<string, MetricSummary>>;
}

/** The config keys that differ across the runs, then final test BPD / NPD and the last loss. */
export function parallelDimensions(runs: readonly RunLike[], maxConfig = 8): Dimension[] {
  const configs = runs.map((r) => r.config);
  const varying = configKeys(configs)
    .map((key) => ({ key, values: configs.map((c) => configValue(c, key)) }))
    .filter(({ values }) => values.some((v) => !sameValue(v, values[0])))
    .slice(0, maxConfig)
    .map(({ key, values }) => ({ key, label: key, values }));
  const finals = runs.map((r) => finalTest(r.metrics));
  const metricDims = [
    {
      key: 'test/bpd',
      label: 'test BPD',
      values: finals.map((f) => (f?.unit === 'bpd' ? f.value : undefined)),
    },
    {
      key: 'test/npd',
      label: 'test NPD (nats/dim)',
      values: finals.map((f) => (f?.unit === 'npd' ? f.value : undefined)),
    },
    {
      key: 'loss',
      label: 'loss (last)',
      values: runs.map((r) => r.metrics['loss']?.last ?? undefined),
    },
  ];
  return [...varying, ...metricDims].flatMap((d) => {
    const axis = axisFor(d.values);
    return axis ? [{ ...d, axis }] : [];
  });
}
