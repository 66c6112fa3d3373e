/** Whether the webgpu tests can run: in CI they must (a missing adapter fails them); elsewhere they skip with one line. */
import { probeWebgpuAdapter } from '../../../src-main/backend/webgpu-adapter';

const found = await probeWebgpuAdapter();
if (!found.ok && process.env.CI)
  throw new Error(
    `CI needs a WebGPU adapter for the webgpu tests: ${found.reason}; ${found.enable}`,
  );
if (!found.ok) console.warn(`webgpu tests skipped: ${found.reason}; ${found.enable}`);

/** False on a developer machine without a WebGPU adapter (any adapter: lavapipe is enough). */
export const hasWebgpu = found.ok;
