import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a run's worker thread. From source (CLI, `mdm serve`, tests) the worker is TypeScript and
 * needs tsx's loader; in the Electron bundle it is the sibling `run-worker.js` entry.
 */
export function spawnRunWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  if (fromSource) {
    const entry = fileURLToPath(new URL('./worker.ts', import.meta.url));
    return new Worker(entry, { execArgv: ['--import', import.meta.resolve('tsx')] });
  }
  return new Worker(fileURLToPath(new URL('./run-worker.js', import.meta.url)));
}
