import { defaultRunConfig } from '#shared/config/run-config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import {
  createRun,
  openStore,
  type NewRun,
  type Run,
  type StoreDb,
} from '../../../src-main/backend/store';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A fresh database file in a temp folder, removed after the test. */
export function tempDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mdm-store-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'mdm.db');
}

/** An open in-memory store, closed after the test. */
export function memoryStore(): StoreDb {
  const db = openStore(':memory:');
  cleanups.push(() => db.close());
  return db;
}

/** Creates a run with plausible settings, overridable. */
export function makeRun(db: StoreDb, overrides: Partial<NewRun> = {}): Run {
  return createRun(db, {
    name: 'mnist cld',
    config: { ...defaultRunConfig, learningRate: 2e-4, batchSize: 64 },
    dataset: 'mnist',
    diffusion: 'cld',
    k: 2,
    seed: 1,
    totalSteps: 1000,
    ...overrides,
  });
}

/** A snapshot of every table's rows, to show a refused request changed nothing. */
export function snapshot(db: StoreDb): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t}`).all()]));
}
