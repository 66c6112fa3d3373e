import type Database from 'better-sqlite3';
import { MdmError } from '#shared/errors';
import type { Migration } from './migrations/index';

/** Applies the migrations the database lacks, each in its own transaction; returns their ids. */
export function migrate(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[],
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    db
      .prepare('SELECT id FROM schema_migrations')
      .pluck()
      .all()
      .map((id) => id as number),
  );
  refuseUnknown(file, applied, migrations);
  const record = db.prepare(
    'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)',
  );
  const pending = migrations.filter((m) => !applied.has(m.id));
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name, Date.now());
    })();
  }
  return pending.map((m) => m.id);
}

/** Refuses a database written by a newer MDM Studio: its schema may mean things we cannot know. */
function refuseUnknown(file: string, applied: Set<number>, migrations: readonly Migration[]): void {
  const known = new Set(migrations.map((m) => m.id));
  const unknown = [...applied].filter((id) => !known.has(id)).sort((a, b) => a - b);
  if (unknown.length === 0) return;
  const codeVersion = Math.max(0, ...known);
  const dbVersion = Math.max(...applied);
  throw new MdmError(
    'conflict',
    `database ${file} has schema version ${dbVersion} (unknown migrations: ${unknown.join(', ')}) ` +
      `but this MDM Studio knows schema versions up to ${codeVersion}: ` +
      'open it with a newer MDM Studio or point MDM_HOME at another data directory',
  );
}
