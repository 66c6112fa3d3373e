import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import {
  createRun,
  openStore,
  setRunStatus,
  type NewRun,
  type RunStatus,
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
 * after its tests; `seed` fills the app's fresh data directory first. `base` is the URL without its token.
 */
export function useStartedApp(seed?: (home: string) => void): {
  app: StartedApp;
  browser: Browser;
  base: string;
} {
  const started = {} as { app: StartedApp; browser: Browser; base: string };
  beforeAll(async () => {
    const home = freshHome();
    seed?.(home);
    started.app = await startUntilUrl(['bin/start.js', '--port', '0'], 180_000, home);
    started.base = started.app.url.replace(/\?.*$/, '');
    started.browser = await launchChromium();
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.app?.stop();
  });
  return started;
}

/** Records a run that ran and ended (`stopped`, `completed`, …) in `home`'s store before the app starts; its id. */
export function seedEndedRun(home: string, run: NewRun, ending: RunStatus): number {
  const db = openStore(path.join(home, 'mdm.sqlite'));
  try {
    const { id } = createRun(db, run);
    setRunStatus(db, id, 'running');
    setRunStatus(db, id, ending);
    return id;
  } finally {
    db.close();
  }
}

/** Range inputs cannot be filled: set the value and fire input like a drag would. */
export const setRange = (page: Page, testid: string, value: number) =>
  page.getByTestId(testid).evaluate((el, v) => {
    const input = el as HTMLInputElement;
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
