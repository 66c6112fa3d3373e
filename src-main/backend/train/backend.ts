import { MdmError } from '#shared/errors';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { GpuAdapterInfo } from '#shared/api/system';
import type { BackendName } from '#shared/config/run-config';
import { nativeEnableCommand } from '../compute-backends';
import { installNavigatorGpu, probeWebgpuAdapter, webgpuStatus } from '../webgpu-adapter';
import './gradients';
import { registerWebgpuTrainingKernels } from './webgpu-kernels';
import { registerWasmTrainingKernels } from './wasm-kernels';

/** Whether one backend can run here and, either way, why. */
export interface BackendStatus {
  name: BackendName;
  ok: boolean;
  /** False for one that runs but is used only when asked for: WebGPU on a software adapter. */
  automatic: boolean;
  reason: string;
  /** What would make it usable (or fast), or null. */
  enable: string | null;
}

/** The backend now active in tfjs and every candidate's status (in BACKEND_NAMES order), for the UI and `system-info`. */
export interface BackendSelection {
  chosen: BackendName;
  available: BackendStatus[];
  /** The WebGPU adapter, when Dawn found one (whether or not webgpu was chosen). */
  adapter: GpuAdapterInfo | null;
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
  webgpu: 'webgpu',
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
  const failed = (reason: string): BackendStatus => ({
    name,
    ok: false,
    automatic: false,
    reason,
    enable: nativeEnableCommand(pkg),
  });
  if (loaded.has('tensorflow')) {
    return { ...failed('not loaded: another tfjs-node build already provides it'), enable: null };
  }
  try {
    const binding = nodeBindingPath(pkg);
    if (!existsSync(binding)) {
      return failed(`${pkg}: native addon missing (${binding})`);
    }
    nodeRequire(pkg);
  } catch (error) {
    const missing = (error as { code?: string }).code === 'MODULE_NOT_FOUND';
    return failed(`${pkg}: ${missing ? 'not installed' : firstLine(error)}`);
  }
  loaded.add('tensorflow');
  return {
    name,
    ok: true,
    automatic: true,
    reason: `${pkg} with native libtensorflow`,
    enable: null,
  };
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
    if (!(await tf.setBackend('wasm'))) throw new MdmError('unavailable', 'initialization failed');
    registerWasmTrainingKernels();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const used = wasm.getThreadsCount();
    const reason = `XNNPACK${simd ? ' SIMD' : ''}, ${used} thread(s)`;
    return { name: 'wasm', ok: true, automatic: true, reason, enable: null };
  } catch (error) {
    return { name: 'wasm', ok: false, automatic: false, reason: firstLine(error), enable: null };
  }
}

/**
 * Asks Dawn for an adapter (bounded in time) and, when there is one, registers tfjs's webgpu
 * backend, which reads `navigator.gpu` at import, and our fixes of its kernels.
 */
async function probeWebgpu(): Promise<{ status: BackendStatus; adapter: GpuAdapterInfo | null }> {
  const found = await probeWebgpuAdapter();
  const { ok, automatic, reason, enable } = webgpuStatus(found);
  if (ok) {
    installNavigatorGpu();
    await import('@tensorflow/tfjs-backend-webgpu');
    registerWebgpuTrainingKernels();
  }
  return {
    status: { name: 'webgpu', ok, automatic, reason, enable },
    adapter: found.ok ? found.adapter : null,
  };
}

async function probeCpu(): Promise<BackendStatus> {
  await import('@tensorflow/tfjs-backend-cpu');
  const reason = 'plain JavaScript kernels (slow, always works)';
  return { name: 'cpu', ok: true, automatic: true, reason, enable: null };
}

/**
 * Probes every backend, then activates `prefer` or the first that runs and may be chosen
 * automatically (order: node-gpu, webgpu on a hardware adapter, node, wasm, cpu).
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const loaded = new Set<string>();
  const nodeGpu = probeNode('node-gpu', loaded);
  const webgpu = await probeWebgpu();
  const available: BackendStatus[] = [
    nodeGpu,
    webgpu.status,
    probeNode('node', loaded),
    await probeWasm(options.wasmThreads ?? 1),
    await probeCpu(),
  ];
  const wanted = options.prefer
    ? available.find((s) => s.name === options.prefer)
    : available.find((s) => s.ok && s.automatic);
  if (!wanted?.ok) {
    const fix = wanted?.enable ? ` (to enable: ${wanted.enable})` : '';
    throw new MdmError(
      'unavailable',
      `backend ${options.prefer ?? '(any)'} is unavailable: ${wanted?.reason ?? 'none runs'}${fix}`,
    );
  }
  if (!(await tf.setBackend(TF_NAME[wanted.name]))) {
    throw new MdmError('unavailable', `backend ${wanted.name} failed to initialize`);
  }
  await tf.ready();
  return { chosen: wanted.name, available, adapter: webgpu.adapter };
}
