import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ComputeBackendStatus } from '#shared/api/system';
import type { BackendReport } from './system-info';
import { probeWebgpuAdapter, webgpuStatus } from './webgpu-adapter';

// Not named `require`: the bundle adds its own top-level `require` shim beside it.
const nodeRequire = createRequire(import.meta.url);

/** The one command that downloads a tfjs-node build's libtensorflow (its install script is denied by default). */
export function nativeEnableCommand(module: string): string {
  return `npm install-scripts approve ${module} && npm rebuild ${module}`;
}

/** Where a package is installed, or null when it is not. */
function packageDir(module: string): string | null {
  try {
    return path.dirname(nodeRequire.resolve(`${module}/package.json`));
  } catch {
    return null;
  }
}

/** tfjs-node(-gpu) installs fine without libtensorflow; only its native binding proves it usable. */
function nativeStatus(name: 'node-gpu' | 'node', module: string): ComputeBackendStatus {
  const dir = packageDir(module);
  const enable = nativeEnableCommand(module);
  if (!dir) return { name, available: false, detail: `${module} is not installed`, enable };
  const libDir = path.join(dir, 'lib');
  const napi = existsSync(libDir) ? readdirSync(libDir).filter((d) => d.startsWith('napi-v')) : [];
  const bound = napi.some((d) => existsSync(path.join(libDir, d, 'tfjs_binding.node')));
  return bound
    ? {
        name,
        available: true,
        detail: `${module} with its native TensorFlow library`,
        enable: null,
      }
    : {
        name,
        available: false,
        detail: `${module} is installed but its native library was not downloaded`,
        enable,
      };
}

function jsStatus(name: 'wasm' | 'cpu', module: string, detail: string): ComputeBackendStatus {
  return packageDir(module)
    ? { name, available: true, detail, enable: null }
    : { name, available: false, detail: `${module} is not installed`, enable: 'npm install' };
}

/**
 * Which backends can run here, in BACKEND_NAMES order, and which a run would choose: the first
 * usable one, except a software WebGPU adapter. Loads no tfjs backend; it asks Dawn for the adapter.
 */
export async function probeComputeBackends(): Promise<BackendReport> {
  const found = await probeWebgpuAdapter();
  const webgpu = webgpuStatus(found);
  const backends: ComputeBackendStatus[] = [
    nativeStatus('node-gpu', '@tensorflow/tfjs-node-gpu'),
    { name: 'webgpu', available: webgpu.ok, detail: webgpu.reason, enable: webgpu.enable },
    nativeStatus('node', '@tensorflow/tfjs-node'),
    jsStatus('wasm', '@tensorflow/tfjs-backend-wasm', 'WebAssembly with SIMD (XNNPACK)'),
    jsStatus('cpu', '@tensorflow/tfjs-backend-cpu', 'plain JavaScript (slow, always works)'),
  ];
  const chosen = backends.find((b) => b.available && (b.name !== 'webgpu' || webgpu.automatic));
  return { chosen: chosen?.name ?? 'none', backends, gpuAdapter: found.ok ? found.adapter : null };
}
