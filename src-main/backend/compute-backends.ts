import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ComputeBackendStatus } from '#shared/api/system';
import type { BackendReport } from './system-info';

// Not named `require`: the bundle adds its own top-level `require` shim beside it.
const nodeRequire = createRequire(import.meta.url);

/** Where a package is installed, or null when it is not. */
function packageDir(module: string): string | null {
  try {
    return path.dirname(nodeRequire.resolve(`${module}/package.json`));
  } catch {
    return null;
  }
}

/** tfjs-node(-gpu) installs fine without libtensorflow; only its native binding proves it usable. */
function nativeStatus(name: string, module: string): ComputeBackendStatus {
  const dir = packageDir(module);
  if (!dir) return { name, available: false, detail: `${module} is not installed` };
  const libDir = path.join(dir, 'lib');
  const napi = existsSync(libDir) ? readdirSync(libDir).filter((d) => d.startsWith('napi-v')) : [];
  const bound = napi.some((d) => existsSync(path.join(libDir, d, 'tfjs_binding.node')));
  return bound
    ? { name, available: true, detail: `${module} with its native TensorFlow library` }
    : {
        name,
        available: false,
        detail: `${module} is installed but its native library was not downloaded`,
      };
}

function jsStatus(name: string, module: string, detail: string): ComputeBackendStatus {
  return packageDir(module)
    ? { name, available: true, detail }
    : { name, available: false, detail: `${module} is not installed` };
}

/** Which tfjs backends can run here, best first (docs/architecture.md §5); loads none. */
export async function probeComputeBackends(): Promise<BackendReport> {
  const backends = [
    nativeStatus('tensorflow-gpu', '@tensorflow/tfjs-node-gpu'),
    nativeStatus('tensorflow', '@tensorflow/tfjs-node'),
    jsStatus('wasm', '@tensorflow/tfjs-backend-wasm', 'WebAssembly with SIMD (XNNPACK)'),
    jsStatus('cpu', '@tensorflow/tfjs-backend-cpu', 'plain JavaScript (slow, always works)'),
  ];
  return { chosen: backends.find((b) => b.available)?.name ?? 'none', backends };
}
