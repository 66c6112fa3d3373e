import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import {
  createRun,
  MetricsWriter,
  openStore,
  setRunProgress,
  setRunStatus,
  type NewRun,
  type RunStatus,
  type StoreDb,
} from '../../src-main/backend/store/index';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const resultsDir = path.join(repoRoot, 'test-results');

/** Debian's Chromium, headless, with the flags of docs/architecture.md §6. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects console errors and uncaught page errors; the e2e tests fail on any. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export interface StartedApp {
  process: ChildProcess;
  output: string[];
  url: string;
  stop(): Promise<void>;
}

/** A fresh, empty data directory for one test file's app. */
export function freshHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'mdm-e2e-'));
}

/**
 * Runs a command of this repo (e.g. `bin/start.js`) until it prints its URL, with MDM_HOME set to
 * `home` (a data directory a test seeded) or a fresh one.
 */
export function startUntilUrl(
  args: string[],
  timeoutMs = 120_000,
  home: string = freshHome(),
): Promise<StartedApp> {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, MDM_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL after ${timeoutMs} ms:\n${output.join('')}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /(http:\/\/\S+\?token=\S+)/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ process: child, output, url: match[1], stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before printing a URL:\n${output.join('')}`)),
    );
  });
}

/**
 * `npm start` (serving the UI, as on these machines) and Chromium for one test file, both closed
 * after its tests; `seed` (async or not) fills the app's fresh data directory first; `args` follow
 * `--port 0`. `base` is the URL without its token.
 */
export function useStartedApp(
  seed?: (home: string) => unknown,
  args: string[] = [],
): {
  app: StartedApp;
  browser: Browser;
  base: string;
} {
  const started = {} as { app: StartedApp; browser: Browser; base: string };
  beforeAll(async () => {
    const home = freshHome();
    await seed?.(home);
    started.app = await startUntilUrl(['bin/start.js', '--port', '0', ...args], 180_000, home);
    started.base = started.app.url.replace(/\?.*$/, '');
    started.browser = await launchChromium();
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.app?.stop();
  });
  return started;
}

/** Opens `home`'s store and a metrics writer to seed them before the app starts; both closed after `fill`. */
export function seedStore<T>(
  home: string,
  fill: (db: StoreDb, writer: MetricsWriter) => T,
  maxBufferedPoints = 10_000,
): T {
  const db = openStore(path.join(home, 'mdm.sqlite'));
  const writer = new MetricsWriter(db, { maxBufferedPoints });
  try {
    return fill(db, writer);
  } finally {
    writer.close();
    db.close();
  }
}

/**
 * Records a run as the run manager leaves it: started, then `ending` (with `error`; `running` is a
 * run left running) at `step`; its id.
 */
export function recordRun(
  db: StoreDb,
  run: NewRun,
  ending: RunStatus,
  { step = 0, error = null }: { step?: number; error?: string | null } = {},
): number {
  const { id } = createRun(db, run);
  setRunStatus(db, id, 'running');
  if (ending !== 'running') setRunStatus(db, id, ending, error);
  if (step > 0) setRunProgress(db, id, step);
  return id;
}

/** Records a run that ran and ended (`stopped`, `completed`, …) in `home`'s store before the app starts; its id. */
export function seedEndedRun(home: string, run: NewRun, ending: RunStatus): number {
  return seedStore(home, (db) => recordRun(db, run, ending));
}

/** Range inputs cannot be filled: set the value and fire input like a drag would. */
export const setRange = (page: Page, testid: string, value: number) =>
  page.getByTestId(testid).evaluate((el, v) => {
    const input = el as HTMLInputElement;
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
