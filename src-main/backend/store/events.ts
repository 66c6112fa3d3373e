import type { StoreDb } from './db';
import { MdmError } from '#shared/errors';
import { requireRun } from './runs';
import { stmt } from './statements';
import { EVENT_LEVELS, type EventLevel, type RunEvent } from './types';
import { int } from './fields';

interface EventRow {
  id: number;
  run_id: number;
  time: number;
  level: EventLevel;
  message: string;
}

function eventFromRow(row: EventRow): RunEvent {
  return { id: row.id, runId: row.run_id, time: row.time, level: row.level, message: row.message };
}

/** Appends a line to a run's log and returns it. */
export function addRunEvent(
  db: StoreDb,
  runId: number,
  level: EventLevel,
  message: string,
): RunEvent {
  requireRun(db, runId);
  if (!EVENT_LEVELS.includes(level))
    throw new MdmError('invalid', `level: unknown event level ${JSON.stringify(level)}`);
  const row = stmt(
    db,
    'INSERT INTO run_events (run_id, time, level, message) VALUES (?, ?, ?, ?) RETURNING *',
  ).get(runId, Date.now(), level, message) as EventRow;
  return eventFromRow(row);
}

/** A run's log lines after a given event id (for tailing), oldest first. */
export function listRunEvents(
  db: StoreDb,
  runId: number,
  options: { afterId?: number; limit?: number } = {},
): RunEvent[] {
  requireRun(db, runId);
  const rows = stmt(
    db,
    'SELECT * FROM run_events WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?',
  ).all(
    runId,
    int().parse(options.afterId ?? 0, 'afterId'),
    int(1).parse(options.limit ?? 1000, 'limit'),
  ) as EventRow[];
  return rows.map(eventFromRow);
}
