/** One runs page out of several servers' lists, ordered as each server's store orders its own. */
import type { RunSortKey, RunWithMetrics } from '#shared/api/runs';
import type { OnServer } from './ref';

type Sortable = Pick<
  RunWithMetrics,
  'id' | 'name' | 'status' | 'dataset' | 'diffusion' | 'createdAt' | 'startedAt' | 'endedAt'
> &
  Pick<RunWithMetrics, 'progress' | 'metrics'>;

/** A run's value under a sort key (list-runs.ts sorts by the same column or summary). */
export function sortValue(run: Sortable, key: RunSortKey): string | number | null {
  const metric = /^metric:(.+):(last|min|max)$/.exec(key);
  if (metric) return run.metrics[metric[1]!]?.[metric[2] as 'last' | 'min' | 'max'] ?? null;
  switch (key) {
    case 'id':
      return run.id;
    case 'name':
    case 'status':
    case 'dataset':
    case 'diffusion':
      return run[key];
    case 'created_at':
      return run.createdAt;
    case 'started_at':
      return run.startedAt;
    case 'ended_at':
      return run.endedAt;
    default:
      return run.progress.step;
  }
}

/** Nulls last whichever the direction, then the value, then the id, then the server: as the store's ORDER BY. */
export function compareRuns<R extends Sortable>(
  a: OnServer<R>,
  b: OnServer<R>,
  sort: { key: RunSortKey; dir: 'asc' | 'desc' },
): number {
  const x = sortValue(a, sort.key);
  const y = sortValue(b, sort.key);
  if ((x === null) !== (y === null)) return x === null ? 1 : -1;
  const sign = sort.dir === 'asc' ? 1 : -1;
  if (x !== null && y !== null && x !== y) return (x < y ? -1 : 1) * sign;
  if (a.id !== b.id) return (a.id - b.id) * sign;
  return a.server < b.server ? -1 : a.server > b.server ? 1 : 0;
}

/**
 * The page [offset, offset + limit) of the servers' runs merged in sort order; each list must hold
 * its server's first offset + limit runs in that order.
 */
export function mergePage<R extends Sortable>(
  lists: readonly (readonly OnServer<R>[])[],
  sort: { key: RunSortKey; dir: 'asc' | 'desc' },
  offset: number,
  limit: number,
): OnServer<R>[] {
  return lists
    .flat()
    .sort((a, b) => compareRuns(a, b, sort))
    .slice(offset, offset + limit);
}
