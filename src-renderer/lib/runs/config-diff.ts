/** Flattened run configs and the keys on which several runs differ (the compare page's diff table). */

/** Flattens nested objects to dot paths ('diffusion.preset'); arrays and scalars are leaves. */
export function flattenConfig(config: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(config)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flattenConfig(value as Record<string, unknown>, path)) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

/** Structural equality of JSON values (arrays element-wise). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  return false;
}

export interface DiffRow {
  key: string;
  /** One entry per config, in order; undefined where a config lacks the key. */
  values: unknown[];
}

/** The keys whose values are not the same across all configs, sorted; a missing key counts as different. */
export function configDiff(configs: readonly Record<string, unknown>[]): DiffRow[] {
  const flat = configs.map((c) => flattenConfig(c));
  const keys = new Set(flat.flatMap((f) => [...f.keys()]));
  const rows: DiffRow[] = [];
  for (const key of [...keys].sort()) {
    const values = flat.map((f) => (f.has(key) ? f.get(key) : undefined));
    const first = values[0];
    const differs = values.some((v, i) => i > 0 && !sameValue(v, first));
    const missing = flat.some((f) => !f.has(key));
    if (differs || missing) rows.push({ key, values });
  }
  return rows;
}
