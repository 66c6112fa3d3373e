import type { StoreDb } from './db';
import { MdmError } from '#shared/errors';
import { getRun } from './runs';
import { stmt } from './statements';
import type { Run, RunStatus } from './types';

/** Which statuses each status may move to; resuming puts a run back in the queue. */
const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ['running', 'stopped', 'failed'],
  running: ['completed', 'stopped', 'failed', 'interrupted'],
  stopped: ['queued'],
  interrupted: ['queued'],
  failed: ['queued'],
  completed: [],
};

const ENDED: readonly RunStatus[] = ['completed', 'stopped', 'failed', 'interrupted'];

/** True when a run in status `from` may move to `to`. */
export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Moves a run to a new status, stamping started_at / ended_at and the error message; refuses
 * (conflict, nothing changed) a move the lifecycle does not allow, e.g. stopping a finished run.
 */
export function setRunStatus(
  db: StoreDb,
  runId: number,
  status: RunStatus,
  error: string | null = null,
): Run {
  return db.transaction(() => {
    const run = getRun(db, runId);
    if (!canTransition(run.status, status)) {
      throw new MdmError('conflict', `run ${runId} is ${run.status} and cannot become ${status}`);
    }
    const now = Date.now();
    stmt(
      db,
      `UPDATE runs SET status = ?, error = ?, ended_at = ?,
         started_at = CASE WHEN ? THEN coalesce(started_at, ?) ELSE started_at END
       WHERE id = ?`,
    ).run(
      status,
      error,
      ENDED.includes(status) ? now : null,
      status === 'running' ? 1 : 0,
      now,
      runId,
    );
    return getRun(db, runId);
  })();
}

/** At start-up: marks runs a crash left "running" as interrupted; returns their ids. */
export function interruptRunningRuns(db: StoreDb, reason: string): number[] {
  return stmt(
    db,
    `UPDATE runs SET status = 'interrupted', error = ?, ended_at = ?
     WHERE status = 'running' RETURNING id`,
    'pluck',
  ).all(reason, Date.now()) as number[];
}

/** Puts a run's status, error, end time and backend choice back as they were (a resume that could not start is undone). */
export function restoreRunStatus(db: StoreDb, before: Run): void {
  stmt(
    db,
    `UPDATE runs SET status = ?, error = ?, ended_at = ?, config = json_set(config, '$.backend', ?)
     WHERE id = ?`,
  ).run(before.status, before.error, before.endedAt, before.config.backend, before.id);
}
