/**
 * What a run's status reads as: a 'running' row whose owner died (kill -9 of `mdm train`) was
 * interrupted. Rows keep what was stored until an owner takes the data directory over; readers
 * (lists, filters, totals, sorts, sweep counts) all derive the same status from these two forms.
 */
import type { Run } from './types';

/** Why a run reads as interrupted before any owner has recorded it. */
export const OWNER_GONE = 'the process training this run ended without finishing it';

/** The SQL for the status of runs row `r`; the stored column itself while the owner lives. */
export function shownStatusSql(ownerAlive: boolean): string {
  return ownerAlive
    ? 'r.status'
    : `(CASE r.status WHEN 'running' THEN 'interrupted' ELSE r.status END)`;
}

/** The run as readers see it: interrupted, with a reason, when its owner is gone. */
export function shownRun<R extends Pick<Run, 'status' | 'error'>>(run: R, ownerAlive: boolean): R {
  return run.status === 'running' && !ownerAlive
    ? { ...run, status: 'interrupted', error: run.error ?? OWNER_GONE }
    : run;
}
