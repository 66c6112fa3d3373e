import Database from 'better-sqlite3';
import { MdmError } from '#shared/errors';
import { migrate } from './migrate';
import { MIGRATIONS, type Migration } from './migrations/index';

export type StoreDb = Database.Database;

export interface OpenStoreOptions {
  /** Electron-ABI build of better-sqlite3, for the app; Node uses the default. */
  nativeBinding?: string;
  /** Only for tests of the migration machinery. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the database, sets WAL, foreign keys and a busy timeout, and migrates.
 * synchronous=NORMAL in WAL survives a killed process; only power loss can drop the last commits.
 */
export function openStore(file: string, options: OpenStoreOptions = {}): StoreDb {
  const db = new Database(file, { nativeBinding: options.nativeBinding });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, options.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof Error && 'code' in err && err.code === 'SQLITE_NOTADB') {
      throw new MdmError('conflict', `${file} is not an SQLite database`);
    }
    throw err;
  }
}
