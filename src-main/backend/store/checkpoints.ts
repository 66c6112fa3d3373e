import type { StoreDb } from './db';
import { requireRun, rowsOfRun } from './runs';
import { stmt } from './statements';
import type { Checkpoint } from './types';
import { int, text } from './fields';

/** The columns as a Checkpoint names them, so rows need no mapping. */
const COLUMNS = 'run_id AS runId, step, path, size_bytes AS sizeBytes, created_at AS createdAt';

/** Records a checkpoint the trainer wrote, replacing one at the same step. */
export function addCheckpoint(
  db: StoreDb,
  runId: number,
  checkpoint: { step: number; path: string; sizeBytes: number },
): Checkpoint {
  requireRun(db, runId);
  return stmt(
    db,
    `INSERT OR REPLACE INTO checkpoints (run_id, step, path, size_bytes, created_at)
     VALUES (?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
  ).get(
    runId,
    int().parse(checkpoint.step, 'step'),
    text.parse(checkpoint.path, 'path'),
    int().parse(checkpoint.sizeBytes, 'sizeBytes'),
    Date.now(),
  ) as Checkpoint;
}

/** A run's checkpoints, oldest first. */
export function listCheckpoints(db: StoreDb, runId: number): Checkpoint[] {
  return rowsOfRun(
    db,
    runId,
    `SELECT ${COLUMNS} FROM checkpoints WHERE run_id = ? ORDER BY step`,
    (row: Checkpoint) => row,
  );
}

/** The checkpoint to resume a run from, or null if it has none. */
export function latestCheckpoint(db: StoreDb, runId: number): Checkpoint | null {
  requireRun(db, runId);
  const row = stmt(
    db,
    `SELECT ${COLUMNS} FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1`,
  ).get(runId) as Checkpoint | undefined;
  return row ?? null;
}
