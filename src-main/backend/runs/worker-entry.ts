import type { Worker } from 'node:worker_threads';
import { spawnBackendWorker } from '../worker-threads';

/** Starts a run's worker thread (runs/worker.ts; `run-worker.js` in the Electron bundle). */
export function spawnRunWorker(): Worker {
  return spawnBackendWorker(new URL('./worker.ts', import.meta.url), 'run-worker');
}
