import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { MdmError } from '#shared/errors';
import { openStore } from './db';
import { damagedStore, integrityProblem, listBackups } from './health';

/** What `mdm doctor` found: the store's state and the backups it could restore. */
export interface StoreDiagnosis {
  file: string;
  /** null when the store is sound. */
  problem: string | null;
  runs: number | null;
  backups: { file: string; runs: number | null; problem: string | null }[];
}

/** Opens a store file read-only and checks it fully; never throws for damage. */
function inspect(file: string): { problem: string | null; runs: number | null } {
  if (!existsSync(file)) return { problem: 'the file does not exist', runs: null };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problem =
      integrityProblem(db, false) ??
      ((db.pragma('foreign_key_check') as unknown[]).length > 0 ? 'foreign keys broken' : null);
    const runs = readOr(() => db!.prepare('SELECT count(*) FROM runs').pluck().get() as number);
    return { problem, runs };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error), runs: null };
  } finally {
    db?.close();
  }
}

function readOr<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** The store's and every backup's state (integrity_check and foreign_key_check). */
export function diagnoseStore(file: string): StoreDiagnosis {
  return {
    file,
    ...inspect(file),
    backups: listBackups(file).map((backup) => ({ file: backup, ...inspect(backup) })),
  };
}

/** Moves a damaged store (and its WAL) aside, so nothing is lost by replacing it. */
function setAside(file: string): string {
  const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  return aside;
}

/** Replaces the store by its newest sound backup; the damaged file is kept beside it. */
export function restoreLatestBackup(file: string): { from: string; aside: string; runs: number } {
  const good = diagnoseStore(file).backups.find((b) => b.problem === null && b.runs !== null);
  if (!good)
    throw new MdmError('not_found', `no sound backup of ${file}: try mdm doctor --salvage`);
  const aside = setAside(file);
  copyFileSync(good.file, file);
  return { from: good.file, aside, runs: good.runs! };
}

/** Every table but schema_migrations, in an order that satisfies their foreign keys (runs first). */
export const SALVAGED_TABLES = [
  'runs',
  'metrics',
  'metric_summaries',
  'samples',
  'checkpoints',
  'diffusion_params',
  'run_events',
  'cluster_profiles',
  'cluster_jobs',
  'sweeps',
  'sweep_runs',
  'designs',
];

/**
 * Copies every row SQLite can still read from a damaged store into a new one (same schema),
 * table by table, and puts the new one in place; the damaged file is kept beside it.
 */
export function salvageStore(file: string): { aside: string; copied: Record<string, number> } {
  const target = `${file}.salvage`;
  rmSync(target, { force: true });
  const fresh = openStore(target);
  const copied: Record<string, number> = {};
  let source: Database.Database;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    fresh.close();
    throw damagedStore(file, `nothing is readable: ${(error as Error).message}`);
  }
  fresh.pragma('foreign_keys = OFF');
  for (const table of SALVAGED_TABLES) {
    copied[table] = 0;
    const columns = readOr(() =>
      (fresh.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name),
    );
    if (!columns || columns.length === 0) continue;
    const list = columns.map((c) => `"${c}"`).join(', ');
    const insert = fresh.prepare(
      `INSERT OR IGNORE INTO ${table} (${list}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    const rows: unknown[][] = [];
    try {
      const read = source.prepare(`SELECT ${list} FROM ${table}`).raw();
      for (const row of read.iterate() as Iterable<unknown[]>) rows.push(row);
    } catch {
      // A damaged page ends this table's read; the rows read before it are kept.
    }
    copied[table] = fresh.transaction(() =>
      rows.reduce<number>((n, row) => n + insert.run(...row).changes, 0),
    )();
  }
  source.close();
  fresh.close();
  const aside = setAside(file);
  renameSync(target, file);
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  return { aside, copied };
}
