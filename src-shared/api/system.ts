import type { BackendName } from '../config/run-config';

/** What `system-info` reports: versions, compute backends and where data lives. */
export interface ComputeBackendStatus {
  name: BackendName;
  available: boolean;
  /** Why a backend is unavailable (e.g. its native library is missing), or what it runs on. */
  detail: string;
  /** The command or driver that would make an unavailable (or software-only) backend usable; null when nothing is missing. */
  enable: string | null;
}

/** The WebGPU adapter Dawn finds: who made it, whether it is a software rasterizer, and the limits that bound one buffer. */
export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** llvmpipe/lavapipe, SwiftShader, WARP or a fallback adapter: correct but slow, never chosen automatically. */
  software: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

export interface SystemInfo {
  appVersion: string;
  nodeVersion: string;
  /** Null when the backend runs outside Electron (`mdm serve`, the CLI). */
  electronVersion: string | null;
  platform: string;
  cpuCount: number;
  cpuModel: string;
  totalMemoryBytes: number;
  dataDir: string;
  backends: ComputeBackendStatus[];
  chosenBackend: string;
  /** The WebGPU adapter, or null when none was found (the webgpu backend's detail says why). */
  gpuAdapter: GpuAdapterInfo | null;
  transport: 'ipc' | 'http';
}
