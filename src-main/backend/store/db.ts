import Database from 'better-sqlite3';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { MdmError } from '#shared/errors';
import { checkBeforeOpen, damagedStore, integrityProblem } from './health';
import { migrate } from './migrate';
import { MIGRATIONS, type Migration } from './migrations/index';

export type StoreDb = Database.Database;

export interface OpenStoreOptions {
  /** Electron-ABI build of better-sqlite3, for the app; Node uses the default. */
  nativeBinding?: string;
  /** Only for tests of the migration machinery. */
  migrations?: readonly Migration[];
}

/** SQLite's codes for a file that is not (or no longer) a readable database. */
const DAMAGE_CODES = [
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT',
  'SQLITE_CORRUPT_VTAB',
  'SQLITE_IOERR_SHORT_READ',
];

/**
 * Opens (creating if needed) the database, checks it (quick_check), sets WAL, foreign keys and a
 * busy timeout, and migrates. A damaged file is refused with one line naming `mdm doctor`.
 * synchronous=NORMAL in WAL survives a killed process; only power loss can drop the last commits.
 */
export function openStore(file: string, options: OpenStoreOptions = {}): StoreDb {
  checkBeforeOpen(file);
  let db: StoreDb;
  try {
    db = new Database(file, { nativeBinding: options.nativeBinding });
  } catch (err) {
    throw storeOpenError(file, err);
  }
  try {
    db.pragma('journal_mode = WAL');
    const problem = integrityProblem(db, true);
    if (problem) throw damagedStore(file, `quick_check: ${problem}`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, options.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    db.close();
    throw storeOpenError(file, err);
  }
}

/** A damaged file as one line; read-only or missing folders name the file and the reason; others pass. */
function storeOpenError(file: string, err: unknown): unknown {
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  if (DAMAGE_CODES.includes(code)) return damagedStore(file, (err as Error).message);
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR')) {
    const dir = path.dirname(file);
    const denied = readOnlyReason(dir);
    return new MdmError(
      'unavailable',
      denied
        ? `${dir} is not writable (${denied}): the run store needs it; set MDM_HOME or --data-dir to a writable folder`
        : `cannot open ${file}: ${(err as Error).message}`,
    );
  }
  return err;
}

/** Why a folder cannot be written (EROFS, EACCES …), or null when it can. */
function readOnlyReason(dir: string): string | null {
  try {
    accessSync(dir, constants.W_OK);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}
