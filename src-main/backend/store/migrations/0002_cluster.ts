import type { Migration } from './index';

/**
 * Cluster execution: named Slurm profiles (kept here, not in a JSON file, so `mdm cluster profile
 * set` can write while `mdm serve` runs, under SQLite's locking) and one row per Slurm job of a run.
 */
export const cluster: Migration = {
  id: 2,
  name: 'cluster',
  sql: `
CREATE TABLE cluster_profiles (
  name TEXT PRIMARY KEY,
  profile TEXT NOT NULL CHECK (json_valid(profile)),
  updated_at INTEGER NOT NULL
);
CREATE TABLE cluster_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  profile TEXT NOT NULL,
  slurm_job_id TEXT,
  state TEXT NOT NULL,
  node TEXT,
  reason TEXT,
  output_tail TEXT NOT NULL DEFAULT '',
  worker_pid INTEGER,
  requeued INTEGER NOT NULL DEFAULT 0,
  submitted_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX cluster_jobs_by_run ON cluster_jobs (run_id, id);
CREATE INDEX cluster_jobs_live ON cluster_jobs (ended_at) WHERE ended_at IS NULL;
`,
};
