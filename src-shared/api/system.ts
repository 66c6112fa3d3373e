/** What `system-info` reports: versions, compute backends and where data lives. */
export interface ComputeBackendStatus {
  name: string;
  available: boolean;
  /** Why a backend is unavailable (e.g. its native library is missing), or what it runs on. */
  detail: string;
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
  transport: 'ipc' | 'http';
}
