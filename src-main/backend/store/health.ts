import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { MdmError } from '#shared/errors';
import type { StoreDb } from './db';

/** How long daily backups of mdm.sqlite are kept. */
export const BACKUP_KEEP_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `<data dir>/backups`, beside the store. */
export const backupsDir = (storeFile: string): string =>
  path.join(path.dirname(storeFile), 'backups');

/** What to tell a user whose store cannot be opened. */
const wayOut =
  'run `mdm doctor` to check it, then `mdm doctor --restore` or `mdm doctor --salvage`';

/** The store as SQLite sees it before it is opened for writing: a 0-byte file beside existing runs is damage, not a new store. */
export function checkBeforeOpen(file: string): void {
  if (!existsSync(file) || statSync(file).size > 0) return;
  const runs = path.join(path.dirname(file), 'runs');
  const folders = existsSync(runs) ? readdirSync(runs).length : 0;
  if (folders > 0)
    throw new MdmError(
      'conflict',
      `${file} is empty but runs/ holds ${folders} run folders: the store was lost; ${wayOut}`,
    );
}

/** SQLite's verdict on an open store: 'ok' or its first complaint (quick: structure only, no index contents). */
export function integrityProblem(db: StoreDb, quick: boolean): string | null {
  const rows = db.pragma(quick ? 'quick_check(1)' : 'integrity_check(1)', { simple: false }) as {
    [key: string]: string;
  }[];
  const first = rows[0] ? Object.values(rows[0])[0] : 'no answer';
  return first === 'ok' ? null : String(first);
}

/** The one-line error for a store SQLite refuses (not a database, corrupt pages, failed check). */
export function damagedStore(file: string, reason: string): MdmError {
  return new MdmError('conflict', `${file} is damaged (${reason.replace(/\s+/g, ' ')}): ${wayOut}`);
}

/** Backups of a store, newest first. */
export function listBackups(storeFile: string): string[] {
  const dir = backupsDir(storeFile);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^mdm-\d{4}-\d{2}-\d{2}\.sqlite$/.test(name))
    .sort()
    .reverse()
    .map((name) => path.join(dir, name));
}

/**
 * Today's online backup of the store (SQLite's backup API, safe while it is written), unless one
 * exists; backups older than BACKUP_KEEP_DAYS are removed. Resolves with the file written, or null.
 */
export async function backupStore(
  db: StoreDb,
  storeFile: string,
  now = Date.now(),
): Promise<string | null> {
  const dir = backupsDir(storeFile);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `mdm-${new Date(now).toISOString().slice(0, 10)}.sqlite`);
  for (const old of listBackups(storeFile)) {
    const day = Date.parse(path.basename(old).slice(4, 14));
    if (now - day > BACKUP_KEEP_DAYS * DAY_MS) rmSync(old, { force: true });
  }
  if (existsSync(file)) return null;
  const partial = `${file}.partial`;
  await db.backup(partial);
  // A backup is only kept when it is itself sound.
  const copy = new Database(partial, { readonly: true });
  const problem = integrityProblem(copy, true);
  copy.close();
  if (problem) {
    rmSync(partial, { force: true });
    throw damagedStore(partial, problem);
  }
  renameSync(partial, file);
  return file;
}
