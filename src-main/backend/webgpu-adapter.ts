/** Finds the WebGPU adapter through Dawn's Node binding (the `webgpu` package) without loading tfjs. */
import { createRequire } from 'node:module';
import type { GpuAdapterInfo } from '#shared/api/system';

/** The parts of WebGPU's GPU/GPUAdapter objects the probe reads (Dawn's objects have more). */
interface DawnAdapter {
  info?: { vendor?: string; architecture?: string; description?: string; device?: string };
  isFallbackAdapter?: boolean;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
}
interface DawnGpu {
  requestAdapter(options?: { powerPreference?: string }): Promise<DawnAdapter | null>;
}

/** What the probe found: an adapter, or the one-line reason there is none and what would give one. */
export type WebgpuProbe =
  { ok: true; adapter: GpuAdapterInfo } | { ok: false; reason: string; enable: string };

/** Dawn answers in milliseconds; a broken driver must not hang `mdm system` or a worker. */
const PROBE_TIMEOUT_MS = 10_000;

/** Mesa's and Google's CPU rasterizers, Microsoft's WARP: a correctness path, never a speed one. */
const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software|microsoft basic render/i;

const nodeRequire = createRequire(import.meta.url);
let gpu: DawnGpu | null = null;
let probed: Promise<WebgpuProbe> | null = null;

/** The driver that would give this platform a hardware adapter. */
export function gpuDriverAdvice(): string {
  switch (process.platform) {
    case 'darwin':
      return 'macOS 11 or later on a Mac with a Metal GPU';
    case 'win32':
      return "the GPU vendor's current driver (D3D12 or Vulkan)";
    default:
      return 'the GPU\'s Vulkan driver: NVIDIA "apt-get install nvidia-driver nvidia-vulkan-icd", AMD or Intel "apt-get install mesa-vulkan-drivers"';
  }
}

/** The software adapter for tests on Linux machines without a GPU (Debian bookworm's own Mesa 22.3 is refused by Dawn). */
export const SOFTWARE_ADAPTER_INSTALL = 'apt-get install -t bookworm-backports mesa-vulkan-drivers';

function noAdapterAdvice(): string {
  const hardware = gpuDriverAdvice();
  return process.platform === 'linux'
    ? `${hardware}; for a software adapter (tests only): ${SOFTWARE_ADAPTER_INSTALL}`
    : hardware;
}

/**
 * Loads Dawn once per process and makes `navigator.gpu` and the GPU* constants global, as
 * tfjs-backend-webgpu expects of a browser. Node 20 has no `navigator`; Node 21+ has a read-only
 * one, which gets a `gpu` property instead of being replaced.
 */
export function installNavigatorGpu(): DawnGpu {
  if (gpu) return gpu;
  const dawn = nodeRequire('webgpu') as { create(flags: string[]): DawnGpu; globals: object };
  Object.assign(globalThis, dawn.globals);
  gpu = dawn.create([]);
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  return gpu;
}

function summarize(adapter: DawnAdapter): GpuAdapterInfo {
  const info = adapter.info ?? {};
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const description = info.description || info.device || '';
  return {
    vendor,
    architecture,
    description,
    software:
      adapter.isFallbackAdapter === true ||
      SOFTWARE.test(`${vendor} ${architecture} ${description}`),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n')[0] ?? message;
}

async function probe(): Promise<WebgpuProbe> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), PROBE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const request = installNavigatorGpu().requestAdapter({ powerPreference: 'high-performance' });
    const adapter = await Promise.race([request, timeout]);
    if (adapter === 'timeout') {
      return {
        ok: false,
        reason: `the GPU driver did not answer within ${PROBE_TIMEOUT_MS / 1000} s`,
        enable: `reinstall ${gpuDriverAdvice()}`,
      };
    }
    if (!adapter) {
      return {
        ok: false,
        reason: 'Dawn found no WebGPU adapter (no usable Vulkan, Metal or D3D12 driver)',
        enable: `install ${noAdapterAdvice()}`,
      };
    }
    return { ok: true, adapter: summarize(adapter) };
  } catch (error) {
    return {
      ok: false,
      reason: `Dawn (the webgpu package) cannot load on ${process.platform}-${process.arch}: ${firstLine(error)}`,
      enable: 'npm install webgpu',
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The adapter Dawn prefers (high-performance), probed once per process and bounded in time. */
export function probeWebgpuAdapter(): Promise<WebgpuProbe> {
  probed ??= probe();
  return probed;
}

/** One line naming the adapter, e.g. "mesa software: llvmpipe (LLVM 19, 256 bits) (software)". */
export function describeAdapter(a: GpuAdapterInfo): string {
  const who = [a.vendor, a.architecture].filter(Boolean).join(' ') || 'unknown vendor';
  return `${who}: ${a.description || 'no description'}${a.software ? ' (software)' : ''}`;
}

/** How the webgpu backend stands, given the probe: usable or not, automatic or only on request, and what would improve it. */
export function webgpuStatus(found: WebgpuProbe): {
  ok: boolean;
  automatic: boolean;
  reason: string;
  enable: string | null;
} {
  if (!found.ok) return { ok: false, automatic: false, reason: found.reason, enable: found.enable };
  const a = found.adapter;
  const limits = `max buffer ${gib(a.maxBufferSize)}, max storage binding ${gib(a.maxStorageBufferBindingSize)}`;
  return a.software
    ? {
        ok: true,
        automatic: false,
        reason: `Dawn on ${describeAdapter(a)}, ${limits}: slow, used only when asked for (--backend webgpu)`,
        enable: `for a hardware adapter, install ${gpuDriverAdvice()}`,
      }
    : {
        ok: true,
        automatic: true,
        reason: `Dawn on ${describeAdapter(a)}, ${limits}`,
        enable: null,
      };
}

function gib(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(1)} GiB`
    : `${Math.round(bytes / 2 ** 20)} MiB`;
}
