import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

// Not named `require`: the bundle adds its own top-level `require` shim beside it.
const nodeRequire = createRequire(import.meta.url);

interface EmscriptenModule {
  PThread?: { runningWorkers: { unref(): void }[] };
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  tfjs?: Record<string, (...a: number[]) => number>;
}
type Factory = (config: { locateFile(file: string): string }) => Promise<EmscriptenModule>;

/**
 * The threaded-SIMD build of tfjs-backend-wasm 4.22 instantiated for Node, which the package
 * refuses (tfjs#3830): it hands emscripten its pthread worker as a Blob URL that worker_threads
 * cannot load, and its C++ caps the pool at os.cpus().length / 2. Here the worker script goes to a
 * temp file and os.cpus() reports 2·threads entries while the module's static initializers run.
 */
async function createThreadedModule(threads: number): Promise<EmscriptenModule> {
  const wasmOut = path.join(
    path.dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm')),
    '..',
    'wasm-out',
  );
  const factory = nodeRequire(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js')) as Factory;
  const { wasmWorkerContents } = nodeRequire(
    path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js'),
  ) as { wasmWorkerContents: string };
  const workerFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'mdm-wasm-')), 'worker.js');
  // The package escapes newlines the same way before turning this string into a script.
  writeFileSync(workerFile, wasmWorkerContents.replace(/\n/g, '\\n'));
  const cpus = os.cpus;
  const first = cpus()[0] as os.CpuInfo;
  os.cpus = () => Array.from({ length: 2 * threads }, () => first);
  try {
    const module = await factory({
      locateFile: (file) => (file.endsWith('.worker.js') ? workerFile : path.join(wasmOut, file)),
    });
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    return module;
  } finally {
    os.cpus = cpus;
  }
}

/**
 * Re-registers the 'wasm' backend as XNNPACK with `threads` threads (worker_threads). Call before
 * the wasm backend is first initialized; its kernels (ours included) stay registered.
 */
export function registerThreadedWasm(threads: number): void {
  if (tf.engine().registry.wasm) throw new Error('the wasm backend is already initialized');
  tf.removeBackend('wasm');
  setThreadsCount(threads);
  tf.registerBackend('wasm', async () => {
    const module = await createThreadedModule(threads);
    const backend = new BackendWasm(
      module as unknown as ConstructorParameters<typeof BackendWasm>[0],
    );
    // XNNPACK's pool threads are started by the constructor; unref them so Node can still exit.
    for (const worker of module.PThread?.runningWorkers ?? []) worker.unref();
    return backend;
  });
}
