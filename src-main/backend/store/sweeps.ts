/** Sweeps and their member runs: the rows of 0003_sweeps. */
import type { RunStatus } from '#shared/api/runs';
import type { Sweep, SweepMember, SweepStatus } from '#shared/api/sweeps';
import type { SweepSpec } from '#shared/config/sweep';
import { MdmError } from '#shared/errors';
import type { StoreDb } from './db';
import { stmt } from './statements';
import { shownStatusSql } from './shown-status';

interface SweepRow {
  id: number;
  name: string;
  spec: string;
  created_at: number;
}

/** A sweep's status from its members' counts: running while any is queued or running, failed if any failed. */
export function sweepStatus(counts: Partial<Record<RunStatus, number>>): SweepStatus {
  if ((counts.queued ?? 0) + (counts.running ?? 0) > 0) return 'running';
  if ((counts.failed ?? 0) > 0) return 'failed';
  if ((counts.stopped ?? 0) + (counts.interrupted ?? 0) > 0) return 'stopped';
  return 'completed';
}

/** The sweep with its members counted by the status they read as (store/shown-status.ts). */
function sweepFromRow(db: StoreDb, row: SweepRow, ownerAlive: boolean): Sweep {
  const rows = stmt(
    db,
    `SELECT ${shownStatusSql(ownerAlive)} AS status, COUNT(*) AS n
     FROM sweep_runs m JOIN runs r ON r.id = m.run_id WHERE m.sweep_id = ? GROUP BY 1`,
  ).all(row.id) as { status: RunStatus; n: number }[];
  const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  return {
    id: row.id,
    name: row.name,
    spec: JSON.parse(row.spec) as SweepSpec,
    createdAt: row.created_at,
    status: sweepStatus(counts),
    counts,
    total: rows.reduce((n, r) => n + r.n, 0),
  };
}

/** Records a sweep and links its member runs, in one transaction. */
export function createSweep(db: StoreDb, spec: SweepSpec, members: SweepMember[]): Sweep {
  return db.transaction(() => {
    const { lastInsertRowid } = stmt(
      db,
      'INSERT INTO sweeps (name, spec, created_at) VALUES (?, ?, ?)',
    ).run(spec.name, JSON.stringify(spec), Date.now());
    const id = Number(lastInsertRowid);
    const link = stmt(
      db,
      'INSERT INTO sweep_runs (sweep_id, run_id, label, seed, variant) VALUES (?, ?, ?, ?, ?)',
    );
    for (const m of members) link.run(id, m.runId, m.label, m.seed, m.variant);
    return getSweep(db, id);
  })();
}

/** The sweep, or not_found naming the id; `ownerAlive` as in listRuns. */
export function getSweep(db: StoreDb, sweepId: number, ownerAlive = true): Sweep {
  const row = stmt(db, 'SELECT * FROM sweeps WHERE id = ?').get(sweepId) as SweepRow | undefined;
  if (!row) throw new MdmError('not_found', `sweep ${sweepId} does not exist`);
  return sweepFromRow(db, row, ownerAlive);
}

/** Every sweep, newest first; `ownerAlive` as in listRuns. */
export function listSweeps(db: StoreDb, ownerAlive = true): Sweep[] {
  const rows = stmt(db, 'SELECT * FROM sweeps ORDER BY id DESC').all() as SweepRow[];
  return rows.map((row) => sweepFromRow(db, row, ownerAlive));
}

/** A sweep's members in grid order (as created). */
export function sweepMembers(db: StoreDb, sweepId: number): SweepMember[] {
  return (
    stmt(
      db,
      `SELECT run_id AS runId, label, seed, variant FROM sweep_runs WHERE sweep_id = ?
       ORDER BY run_id`,
    ).all(sweepId) as SweepMember[]
  ).map((m) => ({ ...m }));
}
