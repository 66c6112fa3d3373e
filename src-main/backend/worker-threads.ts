import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a backend worker thread. In the build (the app, `mdm`, `mdm serve`) it is the sibling
 * `<bundled>.js` entry of out/main; from source (tests under vitest) the entry is TypeScript and
 * needs tsx's loader, a dev dependency.
 */
export function spawnBackendWorker(source: URL, bundled: string): Worker {
  if (import.meta.url.endsWith('.ts')) {
    // module.register() hooks are per thread: the worker registers tsx itself, then loads the entry.
    const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const entry = JSON.stringify(source.href);
    const bootstrap = `import(${api}).then(({ register }) => { register(); return import(${entry}); })`;
    return new Worker(bootstrap, { eval: true });
  }
  return new Worker(fileURLToPath(new URL(`./${bundled}.js`, import.meta.url)));
}
