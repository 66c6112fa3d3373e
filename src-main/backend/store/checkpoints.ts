import type { StoreDb } from './db';
import { requireRun, rowsOfRun } from './runs';
import { stmt } from './statements';
import type { Checkpoint } from './types';
import { int, text } from './fields';

interface CheckpointRow {
  run_id: number;
  step: number;
  path: string;
  size_bytes: number;
  created_at: number;
}

function checkpointFromRow(row: CheckpointRow): Checkpoint {
  return {
    runId: row.run_id,
    step: row.step,
    path: row.path,
    sizeBytes: row.size_bytes,
    createdAt: row.created_at,
  };
}

/** Records a checkpoint the trainer wrote, replacing one at the same step. */
export function addCheckpoint(
  db: StoreDb,
  runId: number,
  checkpoint: { step: number; path: string; sizeBytes: number },
): Checkpoint {
  requireRun(db, runId);
  const row = stmt(
    db,
    `INSERT OR REPLACE INTO checkpoints (run_id, step, path, size_bytes, created_at)
     VALUES (?, ?, ?, ?, ?) RETURNING *`,
  ).get(
    runId,
    int().parse(checkpoint.step, 'step'),
    text.parse(checkpoint.path, 'path'),
    int().parse(checkpoint.sizeBytes, 'sizeBytes'),
    Date.now(),
  ) as CheckpointRow;
  return checkpointFromRow(row);
}

/** A run's checkpoints, oldest first. */
export function listCheckpoints(db: StoreDb, runId: number): Checkpoint[] {
  return rowsOfRun(
    db,
    runId,
    'SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step',
    checkpointFromRow,
  );
}

/** The checkpoint to resume a run from, or null if it has none. */
export function latestCheckpoint(db: StoreDb, runId: number): Checkpoint | null {
  requireRun(db, runId);
  const row = stmt(db, 'SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1').get(
    runId,
  ) as CheckpointRow | undefined;
  return row ? checkpointFromRow(row) : null;
}
