import type Database from 'better-sqlite3';

/** How rows come back: objects, the first column only, or arrays of columns. */
export type RowMode = 'object' | 'pluck' | 'raw';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Returns the prepared statement for sql on db, prepared (in its row mode) once per connection. */
export function stmt(
  db: Database.Database,
  sql: string,
  mode: RowMode = 'object',
): Database.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const cacheKey = `${mode}:${sql}`;
  let statement = cache.get(cacheKey);
  if (!statement) {
    statement = db.prepare(sql);
    if (mode === 'pluck') statement.pluck();
    if (mode === 'raw') statement.raw();
    cache.set(cacheKey, statement);
  }
  return statement;
}
