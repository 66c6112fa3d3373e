import Database from 'better-sqlite3';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MdmError } from '#shared/errors';
import { MIGRATIONS, openStore } from '../../../src-main/backend/store';
import { SALVAGED_TABLES } from '../../../src-main/backend/store/doctor';
import { tempDbFile } from './helpers';

const TABLES = [
  'checkpoints',
  'cluster_jobs',
  'cluster_profiles',
  'designs',
  'diffusion_params',
  'metric_summaries',
  'metrics',
  'run_events',
  'runs',
  'samples',
  'schema_migrations',
  'sweep_runs',
  'sweeps',
];

function tables(db: Database.Database): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

describe('migrations', () => {
  it('ids ascend strictly', () => {
    const ids = MIGRATIONS.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a fresh database gets every migration, WAL, foreign keys and a busy timeout', () => {
    const file = tempDbFile();
    const db = openStore(file);
    expect(tables(db)).toEqual(TABLES);
    expect(db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all()).toEqual(
      MIGRATIONS.map((m) => m.id),
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('mdm doctor --salvage copies every table a migration creates', () => {
    expect([...SALVAGED_TABLES, 'schema_migrations'].sort()).toEqual(TABLES);
  });

  it('re-opening applies nothing and keeps data', () => {
    const file = tempDbFile();
    const db = openStore(file);
    const appliedAt = db.prepare('SELECT applied_at FROM schema_migrations').pluck().all();
    db.prepare(
      "INSERT INTO runs (name, status, config, dataset, diffusion, k, seed, created_at) VALUES ('a', 'queued', '{}', 'mnist', 'cld', 2, 0, 0)",
    ).run();
    db.close();
    const again = openStore(file);
    expect(again.prepare('SELECT applied_at FROM schema_migrations').pluck().all()).toEqual(
      appliedAt,
    );
    expect(again.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    again.close();
  });

  it('applies only the migrations a database lacks, in order', () => {
    const file = tempDbFile();
    openStore(file).close();
    const next = {
      id: Math.max(...MIGRATIONS.map((m) => m.id)) + 1,
      name: 'add_color',
      sql: 'ALTER TABLE runs ADD COLUMN color TEXT',
    };
    const db = openStore(file, { migrations: [...MIGRATIONS, next] });
    expect(db.prepare('SELECT name FROM schema_migrations ORDER BY id').pluck().all()).toEqual([
      ...MIGRATIONS.map((m) => m.name),
      'add_color',
    ]);
    db.close();
  });

  it('refuses a database with a migration newer than the code, naming file and versions', () => {
    const file = tempDbFile();
    openStore(file).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations VALUES (7, 'from_the_future', 0)").run();
    raw.close();
    const before = fs.readFileSync(file);
    const error = (() => {
      try {
        openStore(file);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MdmError);
    expect((error as MdmError).code).toBe('conflict');
    const known = Math.max(...MIGRATIONS.map((m) => m.id));
    expect((error as MdmError).message).toContain(file);
    expect((error as MdmError).message).toContain('schema version 7');
    expect((error as MdmError).message).toContain(`up to ${known}`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database', () => {
    const file = tempDbFile();
    fs.writeFileSync(file, 'not sqlite at all, just some text that is long enough '.repeat(40));
    expect(() => openStore(file)).toThrow(
      `${file} is damaged (file is not a database): run \`mdm doctor\` to check it`,
    );
  });
});
