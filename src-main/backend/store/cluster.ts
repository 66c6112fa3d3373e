import type { ClusterJob, ClusterProfile } from '#shared/api/cluster';
import type { StoreDb } from './db';
import { stmt } from './statements';

interface JobRow {
  id: number;
  run_id: number;
  attempt: number;
  profile: string;
  slurm_job_id: string | null;
  state: string;
  node: string | null;
  reason: string | null;
  output_tail: string;
  worker_pid: number | null;
  requeued: number;
  submitted_at: number;
  ended_at: number | null;
}

function jobFromRow(row: JobRow): ClusterJob {
  return {
    id: row.id,
    runId: row.run_id,
    attempt: row.attempt,
    profile: row.profile,
    slurmJobId: row.slurm_job_id,
    state: row.state,
    node: row.node,
    reason: row.reason,
    outputTail: row.output_tail,
    workerPid: row.worker_pid,
    requeued: row.requeued === 1,
    submittedAt: row.submitted_at,
    endedAt: row.ended_at,
  };
}

/** Creates or replaces a named cluster profile (already validated). */
export function saveClusterProfile(db: StoreDb, profile: ClusterProfile): void {
  stmt(
    db,
    'INSERT OR REPLACE INTO cluster_profiles (name, profile, updated_at) VALUES (?, ?, ?)',
  ).run(profile.name, JSON.stringify(profile), Date.now());
}

/** The stored profile's JSON (validated by the caller, as it may come from an older version), or null. */
export function getClusterProfile(db: StoreDb, name: string): unknown {
  const text = stmt(db, 'SELECT profile FROM cluster_profiles WHERE name = ?', 'pluck').get(
    name,
  ) as string | undefined;
  return text === undefined ? null : JSON.parse(text);
}

export function listClusterProfiles(db: StoreDb): unknown[] {
  const rows = stmt(db, 'SELECT profile FROM cluster_profiles ORDER BY name', 'pluck').all();
  return rows.map((text) => JSON.parse(text as string) as unknown);
}

/** True when a profile of that name existed. */
export function deleteClusterProfile(db: StoreDb, name: string): boolean {
  return stmt(db, 'DELETE FROM cluster_profiles WHERE name = ?').run(name).changes > 0;
}

/** Records a job about to be submitted; the attempt counts on from the run's last job if that one was requeued. */
export function addClusterJob(db: StoreDb, runId: number, profile: string): ClusterJob {
  return db.transaction(() => {
    const last = lastClusterJob(db, runId);
    const attempt = last?.requeued ? last.attempt + 1 : 1;
    const row = stmt(
      db,
      `INSERT INTO cluster_jobs (run_id, attempt, profile, state, submitted_at)
       VALUES (?, ?, ?, 'SUBMITTING', ?) RETURNING *`,
    ).get(runId, attempt, profile, Date.now()) as JobRow;
    return jobFromRow(row);
  })();
}

export type ClusterJobPatch = Partial<
  Pick<
    ClusterJob,
    'slurmJobId' | 'state' | 'node' | 'reason' | 'outputTail' | 'workerPid' | 'requeued' | 'endedAt'
  >
>;

const columns: Record<keyof ClusterJobPatch, string> = {
  slurmJobId: 'slurm_job_id',
  state: 'state',
  node: 'node',
  reason: 'reason',
  outputTail: 'output_tail',
  workerPid: 'worker_pid',
  requeued: 'requeued',
  endedAt: 'ended_at',
};

/** Updates a job's row; a job of a deleted run is gone and the update does nothing. */
export function updateClusterJob(db: StoreDb, id: number, patch: ClusterJobPatch): void {
  const keys = (Object.keys(patch) as (keyof ClusterJobPatch)[]).filter(
    (k) => patch[k] !== undefined,
  );
  if (keys.length === 0) return;
  const values = keys.map((k) => {
    const value = patch[k];
    return typeof value === 'boolean' ? Number(value) : value;
  });
  stmt(
    db,
    `UPDATE cluster_jobs SET ${keys.map((k) => `${columns[k]} = ?`).join(', ')} WHERE id = ?`,
  ).run(...values, id);
}

/** A run's Slurm jobs, oldest first. */
export function listClusterJobs(db: StoreDb, runId: number): ClusterJob[] {
  const rows = stmt(db, 'SELECT * FROM cluster_jobs WHERE run_id = ? ORDER BY id').all(
    runId,
  ) as JobRow[];
  return rows.map(jobFromRow);
}

export function lastClusterJob(db: StoreDb, runId: number): ClusterJob | null {
  const row = stmt(db, 'SELECT * FROM cluster_jobs WHERE run_id = ? ORDER BY id DESC LIMIT 1').get(
    runId,
  ) as JobRow | undefined;
  return row ? jobFromRow(row) : null;
}

/** Jobs not yet seen to end (after an owner crash: the ones to cancel or adopt). */
export function liveClusterJobs(db: StoreDb): ClusterJob[] {
  const rows = stmt(
    db,
    'SELECT * FROM cluster_jobs WHERE ended_at IS NULL ORDER BY id',
  ).all() as JobRow[];
  return rows.map(jobFromRow);
}
