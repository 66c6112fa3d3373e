import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a run's worker thread. From source (CLI, `mdm serve`, tests) the worker is TypeScript and
 * needs tsx's loader; in the Electron bundle it is the sibling `run-worker.js` entry.
 */
export function spawnRunWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  if (fromSource) {
    // module.register() hooks are per thread: the worker registers tsx itself, then loads the entry.
    const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
    const bootstrap = `import(${api}).then(({ register }) => { register(); return import(${entry}); })`;
    return new Worker(bootstrap, { eval: true });
  }
  return new Worker(fileURLToPath(new URL('./run-worker.js', import.meta.url)));
}
