import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/backend/store';

const script = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mdm-crash-'));
const file = path.join(dir, 'mdm.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the writer child until it has announced `flushes` flushes, kill -9s it, returns the last. */
function writeThenKill(flushes: number): Promise<{ runId: number; step: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last = { runId: 0, step: -1 };
  let seen = 0;
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const [, runId, step] = line.split(' ').map(Number);
      last = { runId: runId as number, step: step as number };
      if (++seen === flushes) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`writer exited early with code ${code}`));
    });
  });
}

describe('crash safety', () => {
  it('after kill -9 mid-stream every flushed point is there and the database is intact', async () => {
    for (let round = 1; round <= 2; round++) {
      const { runId, step } = await writeThenKill(30);
      expect(step).toBeGreaterThan(0);
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const series = raw
        .prepare(
          `SELECT key, count(*) AS n, min(step) AS first, max(step) AS last FROM metrics
           WHERE run_id = ? GROUP BY key ORDER BY key`,
        )
        .all(runId) as { key: string; n: number; first: number; last: number }[];
      expect(series.map((s) => s.key)).toEqual(['bpd', 'grad_norm', 'loss']);
      for (const s of series) {
        expect(s.first).toBe(0);
        expect(s.last).toBeGreaterThanOrEqual(step);
        expect(s.n).toBe(s.last + 1);
      }
      const summaries = raw
        .prepare(
          'SELECT key, count, last_step AS last FROM metric_summaries WHERE run_id = ? ORDER BY key',
        )
        .all(runId);
      expect(summaries).toEqual(series.map(({ key, n, last }) => ({ key, count: n, last })));
      raw.close();
    }
    const db = openStore(file);
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(2);
    db.close();
  });
});
