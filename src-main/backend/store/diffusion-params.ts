import type { StoreDb } from './db';
import { MdmError } from '#shared/errors';
import { requireRun } from './runs';
import { stmt } from './statements';
import type { DiffusionParams } from './types';
import { int } from './fields';

/** Requires a square matrix of finite numbers. */
function requireMatrix(name: string, m: unknown): number[][] {
  const ok =
    Array.isArray(m) &&
    m.length > 0 &&
    m.every(
      (row) =>
        Array.isArray(row) &&
        row.length === m.length &&
        row.every((x) => typeof x === 'number' && Number.isFinite(x)),
    );
  if (!ok)
    throw new MdmError('invalid', `${name}: expected a non-empty square matrix of finite numbers`);
  return m as number[][];
}

/** Records the learned Q and D of a run at a step, replacing any at that step. */
export function addDiffusionParams(
  db: StoreDb,
  runId: number,
  params: { step: number; q: number[][]; d: number[][]; time?: number },
): void {
  requireRun(db, runId);
  const q = requireMatrix('q', params.q);
  const d = requireMatrix('d', params.d);
  if (q.length !== d.length)
    throw new MdmError('invalid', 'q and d: expected matrices of the same size');
  stmt(
    db,
    'INSERT OR REPLACE INTO diffusion_params (run_id, step, q, d, time) VALUES (?, ?, ?, ?, ?)',
  ).run(
    runId,
    int().parse(params.step, 'step'),
    JSON.stringify(q),
    JSON.stringify(d),
    params.time ?? Date.now(),
  );
}

/** A run's Q and D over steps; with maxPoints, evenly spaced entries keeping first and last. */
export function diffusionParamsSeries(
  db: StoreDb,
  runId: number,
  options: { maxPoints?: number } = {},
): DiffusionParams[] {
  requireRun(db, runId);
  const rows = stmt(
    db,
    'SELECT step, q, d, time FROM diffusion_params WHERE run_id = ? ORDER BY step',
  ).all(runId) as { step: number; q: string; d: string; time: number }[];
  const max =
    options.maxPoints === undefined ? rows.length : int(2).parse(options.maxPoints, 'maxPoints');
  return evenlySpaced(rows, max).map((r) => ({
    step: r.step,
    q: JSON.parse(r.q) as number[][],
    d: JSON.parse(r.d) as number[][],
    time: r.time,
  }));
}

/** At most max items spread evenly over the list, always including the first and last. */
function evenlySpaced<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return items.slice();
  return Array.from(
    { length: max },
    (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))] as T,
  );
}

/** The steps after `afterStep` at which a run recorded Q and D, in order (for followers of the store). */
export function diffusionParamsSteps(db: StoreDb, runId: number, afterStep: number): number[] {
  requireRun(db, runId);
  return stmt(
    db,
    'SELECT step FROM diffusion_params WHERE run_id = ? AND step > ? ORDER BY step',
    'pluck',
  ).all(runId, afterStep) as number[];
}
