import type { Migration } from './index';

/** Sweeps: a grid of runs under one protocol; each member links a run to its cell (diffusion label, seed, variant). */
export const sweeps: Migration = {
  id: 3,
  name: 'sweeps',
  sql: `
CREATE TABLE sweeps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  created_at INTEGER NOT NULL
);
CREATE TABLE sweep_runs (
  sweep_id INTEGER NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  seed INTEGER NOT NULL,
  variant TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (sweep_id, run_id)
) WITHOUT ROWID;
CREATE INDEX sweep_runs_by_run ON sweep_runs (run_id);
`,
};
