import { MdmError } from '#shared/errors';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import './gradients';
import { registerWasmTrainingKernels } from './wasm-kernels';
import type { BackendName } from '#shared/config/run-config';

/** Whether one backend can run here and, either way, why. */
export interface BackendStatus {
  name: BackendName;
  ok: boolean;
  reason: string;
}

/** The backend now active in tfjs and every candidate's status, for the UI and `system-info`. */
export interface BackendSelection {
  chosen: BackendName;
  available: BackendStatus[];
}

export interface SelectBackendOptions {
  /** Use this backend instead of the best available one; an error if it cannot run. */
  prefer?: BackendName;
  /**
   * XNNPACK threads for wasm (default 1). More uses the threaded-SIMD build through worker_threads
   * (see wasm-threads.ts); it applies only before wasm is first initialized in this process.
   */
  wasmThreads?: number;
}

// Not named `require`: the bundle adds its own top-level `require` shim beside it.
const nodeRequire = createRequire(import.meta.url);

/** The tfjs registry name each of ours installs under (both tfjs-node builds say 'tensorflow'). */
const TF_NAME: Record<BackendName, string> = {
  'node-gpu': 'tensorflow',
  node: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

const NODE_PACKAGE = { 'node-gpu': '@tensorflow/tfjs-node-gpu', node: '@tensorflow/tfjs-node' };

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n')[0] ?? message;
}

/** The native addon a tfjs-node build loads, located as its own index.js does (node-pre-gyp). */
function nodeBindingPath(pkg: string): string {
  const manifest = nodeRequire.resolve(`${pkg}/package.json`);
  const preGyp = createRequire(manifest)('@mapbox/node-pre-gyp') as { find(p: string): string };
  return preGyp.find(manifest);
}

/**
 * Loads a tfjs-node build. Its install script downloads libtensorflow, which blocked networks
 * prevent; the binding is checked first because a failed require leaves half-registered kernels.
 */
function probeNode(name: 'node-gpu' | 'node', loaded: Set<string>): BackendStatus {
  const pkg = NODE_PACKAGE[name];
  if (loaded.has('tensorflow')) {
    return { name, ok: false, reason: 'not loaded: another tfjs-node build already provides it' };
  }
  try {
    const binding = nodeBindingPath(pkg);
    if (!existsSync(binding)) {
      return {
        name,
        ok: false,
        reason: `${pkg}: native addon missing (${binding}); reinstall it with network access`,
      };
    }
    nodeRequire(pkg);
  } catch (error) {
    const missing = (error as { code?: string }).code === 'MODULE_NOT_FOUND';
    return { name, ok: false, reason: `${pkg}: ${missing ? 'not installed' : firstLine(error)}` };
  }
  loaded.add('tensorflow');
  return { name, ok: true, reason: `${pkg} with native libtensorflow` };
}

/** Registers the wasm backend, pointing it at its .wasm files wherever node_modules put them. */
async function probeWasm(threads: number): Promise<BackendStatus> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(
      path.dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep,
    );
    if (threads > 1 && !tf.engine().registry.wasm) {
      (await import('./wasm-threads')).registerThreadedWasm(threads);
    }
    if (!(await tf.setBackend('wasm'))) throw new Error('initialization failed');
    registerWasmTrainingKernels();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const used = wasm.getThreadsCount();
    return { name: 'wasm', ok: true, reason: `XNNPACK${simd ? ' SIMD' : ''}, ${used} thread(s)` };
  } catch (error) {
    return { name: 'wasm', ok: false, reason: firstLine(error) };
  }
}

async function probeCpu(): Promise<BackendStatus> {
  await import('@tensorflow/tfjs-backend-cpu');
  return { name: 'cpu', ok: true, reason: 'plain JavaScript kernels (slow, always works)' };
}

/** Probes every backend, then activates `prefer` or the best one that runs. */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const loaded = new Set<string>();
  const available: BackendStatus[] = [
    probeNode('node-gpu', loaded),
    probeNode('node', loaded),
    await probeWasm(options.wasmThreads ?? 1),
    await probeCpu(),
  ];
  const wanted = options.prefer
    ? available.find((s) => s.name === options.prefer)
    : available.find((s) => s.ok);
  if (!wanted?.ok) {
    throw new MdmError(
      'unavailable',
      `backend ${options.prefer ?? '(any)'} is unavailable: ${wanted?.reason ?? ''}`,
    );
  }
  if (!(await tf.setBackend(TF_NAME[wanted.name]))) {
    throw new MdmError('unavailable', `backend ${wanted.name} failed to initialize`);
  }
  await tf.ready();
  return { chosen: wanted.name, available };
}
