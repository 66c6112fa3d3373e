import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { openStore, type StoreDb } from '../../../src-main/backend/store/index';

/** Helpers for the run-manager integration tests: `mdm` child processes, polling, store checks. */

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A small 2-D toy run that trains at a few dozen steps per second on one core. */
export function toyConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'toy',
    dataset: 'two-moons',
    model: 'mlp',
    diffusion: { preset: 'cld' },
    batchSize: 32,
    steps: 200,
    sampleEvery: 0,
    checkpointEvery: 20,
    evalImages: 0,
    ...overrides,
  };
}

export function tempHome(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `mdm-${prefix}-`));
}

export interface MdmChild {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The stderr lines, less the notice bin/mdm.js may print first while it builds out/. */
  errorLines: () => string[];
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
}

/** Starts `mdm ARGS` as shipped (bin/mdm.js, the built CLI) in its own process group (so the whole group can be killed). */
export function spawnMdm(args: string[], env: Record<string, string> = {}): MdmChild {
  const child = spawn(process.execPath, ['bin/mdm.js', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const errorLines = () =>
    err
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('mdm: building'));
  return { child, stdout: () => out, stderr: () => err, errorLines, exited };
}

/** What `mdm ARGS` run to its end left: exit code, stdout, and stderr as `MdmChild.errorLines` joined. */
export interface MdmResult {
  code: number | string;
  out: string;
  err: string;
}

/** A temporary data directory for `mdm` children, which are killed (process group, SIGKILL) after the file. */
export interface MdmHome {
  home: string;
  /** The store, opened before the tests (only with `{ store: true }`). */
  readonly db: StoreDb;
  /** Starts `mdm ARGS --data-dir HOME`. */
  start: (args: string[]) => MdmChild;
  /** Runs `mdm ARGS --data-dir HOME` to its end. */
  run: (args: string[]) => Promise<MdmResult>;
}

/** Registers the hooks of an `MdmHome` in the current file or describe; `store` opens (and migrates) its store first. */
export function useMdmHome(prefix: string, { store = false } = {}): MdmHome {
  const home = tempHome(prefix);
  const children: MdmChild[] = [];
  let db: StoreDb | undefined;
  if (store) beforeAll(() => void (db = openStore(path.join(home, 'mdm.sqlite'))));
  afterAll(async () => {
    for (const mdm of children) {
      if (mdm.child.exitCode === null && mdm.child.signalCode === null) {
        process.kill(-mdm.child.pid!, 'SIGKILL');
        await mdm.exited;
      }
    }
    db?.close();
  });
  const start = (args: string[]) => {
    const child = spawnMdm([...args, '--data-dir', home]);
    children.push(child);
    return child;
  };
  return {
    home,
    get db() {
      if (!db) throw new Error(`useMdmHome('${prefix}') has no open store`);
      return db;
    },
    start,
    run: async (args) => {
      const child = start(args);
      const code = await child.exited;
      return { code, out: child.stdout(), err: child.errorLines().join('\n') };
    },
  };
}

/** Polls `probe` until it returns something other than undefined/null/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The steps at which a run recorded `key`, in order. */
export function metricSteps(db: StoreDb, runId: number, key = 'loss'): number[] {
  return db
    .prepare('SELECT step FROM metrics WHERE run_id = ? AND key = ? ORDER BY step')
    .pluck()
    .all(runId, key) as number[];
}

/** 1, 2, …, n. */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Summaries that disagree with the metrics rows they summarise (count, last, min, max); [] when consistent. */
export function inconsistentSummaries(db: StoreDb, runId: number): unknown[] {
  return db
    .prepare(
      `SELECT s.key, s.count, r.n, s.last, r.last, s.min, r.mn, s.max, r.mx, s.last_step, r.ls
       FROM metric_summaries s
       FULL JOIN (
         SELECT run_id, key, count(*) AS n, min(value) AS mn, max(value) AS mx, max(step) AS ls,
           (SELECT value FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key
            ORDER BY step DESC LIMIT 1) AS last
         FROM metrics m WHERE run_id = @runId GROUP BY key
       ) r ON r.run_id = s.run_id AND r.key = s.key
       WHERE coalesce(s.run_id, r.run_id) = @runId AND (
         s.key IS NULL OR r.key IS NULL OR s.count <> r.n OR s.last_step <> r.ls
         OR s.last IS NOT r.last OR s.min IS NOT r.mn OR s.max IS NOT r.mx)`,
    )
    .raw()
    .all({ runId });
}
