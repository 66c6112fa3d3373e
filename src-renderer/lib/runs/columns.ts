/** The runs table's columns: fixed ones sort by a runs column, metric ones by a summary statistic. */
import type { RunSortKey } from '#shared/api/runs';
import { DEFAULT_METRIC_COLUMNS, type Stat } from './metrics';

export interface MetricColumn {
  key: string;
  stat: Stat;
}

export interface SortState {
  key: RunSortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_SORT: SortState = { key: 'created_at', dir: 'desc' };

export function metricSortKey(c: MetricColumn): RunSortKey {
  return `metric:${c.key}:${c.stat}`;
}

/** Clicking a header: a new column sorts ascending (text) or descending (times); the same column flips. */
export function nextSort(current: SortState, key: RunSortKey): SortState {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const descFirst = key === 'created_at' || key === 'started_at' || key === 'progress_step';
  return { key, dir: descFirst ? 'desc' : 'asc' };
}

const STORAGE_KEY = 'mdm-runs-columns';

/** The saved metric columns, else test BPD, loss and BPD (last values). */
export function loadColumns(storage: Pick<Storage, 'getItem'> | null): MetricColumn[] {
  try {
    const parsed = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as unknown;
    if (
      Array.isArray(parsed) &&
      parsed.every(
        (c: unknown) =>
          typeof c === 'object' &&
          c !== null &&
          typeof (c as MetricColumn).key === 'string' &&
          ['last', 'min', 'max'].includes((c as MetricColumn).stat),
      )
    ) {
      return parsed as MetricColumn[];
    }
  } catch {
    // A corrupt entry falls back to the defaults.
  }
  return DEFAULT_METRIC_COLUMNS.map((key) => ({ key, stat: 'last' }));
}

export function saveColumns(storage: Pick<Storage, 'setItem'> | null, columns: MetricColumn[]) {
  storage?.setItem(STORAGE_KEY, JSON.stringify(columns));
}
