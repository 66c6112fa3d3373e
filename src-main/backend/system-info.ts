import os from 'node:os';
import type { ComputeBackendStatus, GpuAdapterInfo, SystemInfo } from '#shared/api/system';
import { appVersion } from './app-version';

export interface BackendReport {
  chosen: string;
  backends: ComputeBackendStatus[];
  gpuAdapter: GpuAdapterInfo | null;
}

/** Builds the `system-info` answer; the compute-backend probe is passed in (it loads tfjs lazily). */
export async function systemInfo(
  dataDir: string,
  transport: SystemInfo['transport'],
  probeBackends: () => Promise<BackendReport>,
): Promise<SystemInfo> {
  const report = await probeBackends();
  return {
    appVersion,
    nodeVersion: process.versions.node,
    electronVersion: process.versions.electron ?? null,
    platform: `${process.platform}-${process.arch}`,
    cpuCount: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryBytes: os.totalmem(),
    dataDir,
    backends: report.backends,
    chosenBackend: report.chosen,
    gpuAdapter: report.gpuAdapter,
    transport,
  };
}
