import type { Migration } from './index';

/** The first schema: runs and everything a run records. */
export const init: Migration = {
  id: 1,
  name: 'init',
  sql: `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('queued', 'running', 'completed', 'stopped', 'failed', 'interrupted')),
  config TEXT NOT NULL CHECK (json_valid(config)),
  dataset TEXT NOT NULL,
  diffusion TEXT NOT NULL,
  k INTEGER NOT NULL CHECK (k >= 1),
  backend TEXT,
  seed INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER,
  progress_step INTEGER NOT NULL DEFAULT 0,
  progress_total INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  error TEXT
);
CREATE INDEX runs_by_created ON runs (created_at);
CREATE INDEX runs_by_status ON runs (status, created_at);
CREATE INDEX runs_by_dataset ON runs (dataset, created_at);
CREATE INDEX runs_by_diffusion ON runs (diffusion, created_at);

CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  step INTEGER NOT NULL,
  value REAL,
  time INTEGER NOT NULL,
  PRIMARY KEY (run_id, key, step)
) WITHOUT ROWID;

CREATE TABLE metric_summaries (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  last REAL,
  last_step INTEGER NOT NULL,
  min REAL,
  max REAL,
  count INTEGER NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

CREATE TABLE samples (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  kind TEXT NOT NULL,
  png BLOB,
  path TEXT,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  meta TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
  created_at INTEGER NOT NULL,
  CHECK ((png IS NULL) <> (path IS NULL)),
  UNIQUE (run_id, kind, step)
);

CREATE TABLE checkpoints (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  path TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, step)
) WITHOUT ROWID;

CREATE TABLE diffusion_params (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  q TEXT NOT NULL CHECK (json_valid(q)),
  d TEXT NOT NULL CHECK (json_valid(d)),
  time INTEGER NOT NULL,
  PRIMARY KEY (run_id, step)
) WITHOUT ROWID;

CREATE TABLE run_events (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  time INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  message TEXT NOT NULL
);
CREATE INDEX run_events_by_run ON run_events (run_id, id);
`,
};
