#!/usr/bin/env node
// `npm start`: build if the sources changed, then open the Electron app; without Electron's binary, serve the same UI over HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureBuilt } from './ensure-built.js';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const run = (args, opts = {}) =>
  spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...opts }).status ?? 1;

/** The Electron executable, or null when its binary was never downloaded. */
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** npm here does not run Electron's download script (package.json allowScripts); try it once now. */
function downloadElectron() {
  try {
    const installer = path.join(
      path.dirname(require.resolve('electron/package.json')),
      'install.js',
    );
    return run([installer], { stdio: 'ignore' }) === 0 ? electronBinary() : null;
  } catch {
    return null; // electron is a dev dependency: absent after npm ci --omit=dev
  }
}

if (!ensureBuilt('npm start')) process.exit(1);

/** Runs the app (or the server) as a child that ends when `npm start` is told to end. */
function runUntilSignalled(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = electronBinary() ?? downloadElectron();
if (electron) {
  runUntilSignalled(electron, ['.', ...process.argv.slice(2)]);
} else {
  console.log(
    "Electron's binary is not installed here (it could not be downloaded): serving the UI for your browser instead.",
  );
  const cli = path.join(root, 'out/main/cli.js');
  runUntilSignalled(process.execPath, [cli, 'serve', ...process.argv.slice(2)]);
}
