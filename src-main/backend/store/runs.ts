import type { StoreDb } from './db';
import * as s from '#shared/api/schema';
import { readRunConfig, runConfigSchema, type RunConfig } from '#shared/config/run-config';
import { MdmError } from '#shared/errors';
import { stmt } from './statements';
import type { NewRun, Run, RunStatus } from './types';
import { int, text } from './fields';

/** A runs row as SQLite returns it. */
export interface RunRow {
  id: number;
  name: string;
  status: RunStatus;
  config: string;
  dataset: string;
  diffusion: string;
  k: number;
  backend: string | null;
  seed: number;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  progress_step: number;
  progress_total: number;
  notes: string;
  tags: string;
  error: string | null;
}

/** Maps a runs row to the Run the rest of the app sees. */
export function runFromRow(row: RunRow): Run {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    config: readRunConfig(JSON.parse(row.config)),
    dataset: row.dataset,
    diffusion: row.diffusion,
    k: row.k,
    backend: row.backend,
    seed: row.seed,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    progress: { step: row.progress_step, total: row.progress_total },
    notes: row.notes,
    tags: JSON.parse(row.tags) as string[],
    error: row.error,
  };
}

/** Stores a new queued run and returns it. */
export function createRun(db: StoreDb, input: NewRun): Run {
  const { lastInsertRowid } = stmt(
    db,
    `INSERT INTO runs (name, status, config, dataset, diffusion, k, backend, seed, created_at,
       progress_total, notes, tags)
     VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    text.parse(input.name, 'name'),
    JSON.stringify(runConfigSchema.parse(input.config, 'config')),
    text.parse(input.dataset, 'dataset'),
    text.parse(input.diffusion, 'diffusion'),
    int(1).parse(input.k, 'k'),
    input.backend ?? null,
    int(0).parse(input.seed, 'seed'),
    Date.now(),
    int(0).parse(input.totalSteps ?? 0, 'totalSteps'),
    input.notes ?? '',
    JSON.stringify(tagList(input.tags ?? [])),
  );
  return getRun(db, Number(lastInsertRowid));
}

const tagsSchema = s.array(text);

/** The tags of a run without duplicates. */
function tagList(value: unknown): string[] {
  return [...new Set(tagsSchema.parse(value, 'tags'))];
}

function runNotFound(runId: number): MdmError {
  return new MdmError('not_found', `run ${runId} does not exist`);
}

/** Returns the run, or throws not_found naming the id. */
export function getRun(db: StoreDb, runId: number): Run {
  const row = stmt(db, 'SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!row) throw runNotFound(runId);
  return runFromRow(row);
}

/** Throws not_found unless the run exists; cheaper than getRun when the row is not needed. */
export function requireRun(db: StoreDb, runId: number): void {
  if (stmt(db, 'SELECT 1 FROM runs WHERE id = ?', 'pluck').get(runId) === undefined) {
    throw runNotFound(runId);
  }
}

/** Every row `sql` selects for one existing run (its one parameter is the run id), mapped by `fromRow`. */
export function rowsOfRun<Row, T>(
  db: StoreDb,
  runId: number,
  sql: string,
  fromRow: (row: Row) => T,
): T[] {
  requireRun(db, runId);
  return (stmt(db, sql).all(runId) as Row[]).map(fromRow);
}

/** The fields a user may edit on any run. */
export interface RunPatch {
  name?: string;
  notes?: string;
  tags?: string[];
  /** The compute backend the run's worker chose. */
  backend?: string;
}

/**
 * Edits a run's name, notes, tags or backend and returns the run. Its stored config follows the
 * name, notes and tags, so the config shown (and copied by Duplicate) never contradicts them.
 */
export function updateRun(db: StoreDb, runId: number, patch: RunPatch): Run {
  const run = getRun(db, runId);
  const name = patch.name === undefined ? run.name : text.parse(patch.name, 'name');
  const notes = patch.notes ?? run.notes;
  const tags = JSON.stringify(patch.tags === undefined ? run.tags : tagList(patch.tags));
  // Only the fields given are set in the config (a backend update leaves it as it was).
  const fields = [
    ...(patch.name === undefined ? [] : [["'$.name', ?", name]]),
    ...(patch.notes === undefined ? [] : [["'$.notes', ?", notes]]),
    ...(patch.tags === undefined ? [] : [["'$.tags', json(?)", tags]]),
  ];
  const config = fields.length
    ? `json_set(config, ${fields.map(([sql]) => sql).join(', ')})`
    : 'config';
  stmt(
    db,
    `UPDATE runs SET name = ?, notes = ?, tags = ?, backend = ?, config = ${config} WHERE id = ?`,
  ).run(name, notes, tags, patch.backend ?? run.backend, ...fields.map(([, v]) => v), runId);
  return getRun(db, runId);
}

/** Sets the compute backend a run's config asks for: a resume moves it to another backend. */
export function setRunBackendChoice(
  db: StoreDb,
  runId: number,
  backend: RunConfig['backend'],
): void {
  const sql = `UPDATE runs SET config = json_set(config, '$.backend', ?) WHERE id = ?`;
  if (stmt(db, sql).run(backend, runId).changes === 0) throw runNotFound(runId);
}

/** Records how far a run has trained. */
export function setRunProgress(db: StoreDb, runId: number, step: number, total?: number): void {
  int().parse(step, 'step');
  const sql =
    total === undefined
      ? 'UPDATE runs SET progress_step = ? WHERE id = ?'
      : 'UPDATE runs SET progress_step = ?, progress_total = ? WHERE id = ?';
  const args = total === undefined ? [step, runId] : [step, int().parse(total, 'total'), runId];
  if (stmt(db, sql).run(...args).changes === 0) throw runNotFound(runId);
}

/** Deletes a run and all it recorded; returns the files (checkpoints, samples) to remove. */
export function deleteRun(db: StoreDb, runId: number, options: { force?: boolean } = {}): string[] {
  return db.transaction(() => {
    const run = getRun(db, runId);
    if (run.status === 'running' && !options.force) {
      throw new MdmError('conflict', `run ${runId} is running: stop it first or delete with force`);
    }
    const files = stmt(
      db,
      `SELECT path FROM checkpoints WHERE run_id = ?
       UNION ALL SELECT path FROM samples WHERE run_id = ? AND path IS NOT NULL`,
      'pluck',
    ).all(runId, runId) as string[];
    stmt(db, 'DELETE FROM runs WHERE id = ?').run(runId);
    return files;
  })();
}

/** Creates a queued copy of a run's settings (not its results), named "<name> (copy)". */
export function duplicateRun(db: StoreDb, runId: number, name?: string): Run {
  const run = getRun(db, runId);
  return createRun(db, {
    ...run,
    // The copy's default name keeps within the 200 characters every run name is held to.
    name: name ?? `${run.name.slice(0, 193)} (copy)`,
    totalSteps: run.progress.total,
  });
}

/** Makes the next run id larger than `id` (run folders left by a lost store are never reused). */
export function reserveRunIdsThrough(db: StoreDb, id: number): void {
  db.transaction(() => {
    const seq = stmt(db, "SELECT seq FROM sqlite_sequence WHERE name = 'runs'", 'pluck').get() as
      number | undefined;
    if (seq === undefined)
      stmt(db, "INSERT INTO sqlite_sequence (name, seq) VALUES ('runs', ?)").run(id);
    else if (seq < id) stmt(db, "UPDATE sqlite_sequence SET seq = ? WHERE name = 'runs'").run(id);
  })();
}
