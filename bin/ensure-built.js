#!/usr/bin/env node
// The built JavaScript in out/ is what `mdm`, `npm start` and the run workers execute. This builds it
// (electron-vite) when it is missing or older than the sources, once at a time; `npm install` runs it
// as `prepare`. Without the dev toolchain (npm ci --omit=dev) it keeps whatever out/ holds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUTPUTS = [
  'out/main/cli.js',
  'out/main/index.js',
  'out/main/run-worker.js',
  'out/preload/preload.cjs',
  'out/renderer/index.html',
];
const SOURCES = [
  'src-main',
  'src-shared',
  'src-renderer',
  'resources',
  'electron.vite.config.ts',
  'svelte.config.js',
  'package.json',
];
const LOCK = path.join(root, 'out', '.build-lock');
/** A lock older than this was left by a build that died. */
const LOCK_STALE_MS = 10 * 60_000;

/** Newest modification time under `p` (a file or a folder), in ms. */
function newest(p) {
  const stat = statSync(p, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

/** 'missing' when an output is absent, 'stale' when a source is newer than the oldest output, else 'fresh'. */
export function buildState() {
  const outputs = OUTPUTS.map((f) => statSync(path.join(root, f), { throwIfNoEntry: false }));
  if (outputs.some((s) => !s)) return 'missing';
  const built = Math.min(...outputs.map((s) => s.mtimeMs));
  const changed = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
  return changed > built ? 'stale' : 'fresh';
}

/** electron-vite's CLI (a dev dependency), or null after npm ci --omit=dev. */
function electronVite() {
  const bin = path.join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  return existsSync(bin) ? bin : null;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the build lock (waiting while another process builds); false if it had to wait. */
function lock() {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return !waited;
    } catch {
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleep(250);
      waited = true;
    }
  }
}

/**
 * Makes sure out/ holds a build of the current sources; build output goes to stderr.
 * Returns false (after saying why) when there is no build and none can be made.
 */
export function ensureBuilt(who = 'mdm') {
  if (buildState() === 'fresh') return true;
  const bin = electronVite();
  if (!bin) {
    if (buildState() !== 'missing') return true;
    console.error(
      `${who}: the built app (out/) is missing and electron-vite is not installed: run \`npm install\` (with dev dependencies), then \`npm run build\``,
    );
    return false;
  }
  const first = lock();
  try {
    // Another process may just have built it while this one waited for the lock.
    if (!first && buildState() === 'fresh') return true;
    console.error(`${who}: building out/ from the sources…`);
    const { status } = spawnSync(process.execPath, [bin, 'build', '--logLevel', 'error'], {
      cwd: root,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    if (status !== 0) console.error(`${who}: the build failed (see above)`);
    return status === 0;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // As `prepare`: build if possible, never fail an install that has no dev toolchain.
  process.exit(ensureBuilt('prepare') || !electronVite() ? 0 : 1);
}
