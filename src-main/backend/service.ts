import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Handlers } from '#shared/api/contract';
import type { RunDownload } from '#shared/api/downloads';
import { LOCAL_SERVER } from '#shared/api/servers';
import type { SystemInfo } from '#shared/api/system';
import { nodeCacheFs } from './datasets/cache-fs';
import { removeStaleStaging } from './datasets/cache-writer';
import { datasetsDir } from './datasets/location';
import { EventBus } from './events';
import { exportRunTo, runExportFile, type ExportFile } from './export/run-export';
import { checkpointHandlers } from './handlers/checkpoints';
import { clusterHandlers } from './handlers/cluster';
import { sweepHandlers } from './handlers/sweeps';
import { designHandlers } from './handlers/designs';
import { datasetHandlers } from './handlers/datasets';
import { localBackendCheck, noBackendCheck } from './handlers/backend-check';
import { runEditHandlers } from './handlers/run-edit';
import { runHandlers } from './handlers/runs';
import { verifyHandler } from './handlers/verify';
import { RemoteHub } from './remotes/hub';
import type { TokenSealer } from './remotes/registry';
import { RunManager } from './runs/manager';
import type { RunChannel, RunExecutor } from './runs/channel';
import { serveControl } from './runs/control-server';
import { forwardControl } from './runs/forward-control';
import { acquireOwnerLock, liveOwner, type OwnerLock } from './runs/owner-lock';
import { followStore } from './runs/store-follower';
import { spawnRunWorker } from './runs/worker-entry';
import { backupStore } from './store/health';
import { openStore, type StoreDb } from './store/index';
import { systemInfo, type BackendReport } from './system-info';

export interface BackendOptions {
  dataDir: string;
  probeBackends: () => Promise<BackendReport>;
  /** Runs that train at once (default 1: training already uses every core). */
  maxConcurrentRuns?: number;
  spawnWorker?: () => RunChannel;
  /** Trains runs elsewhere (e.g. cluster/slurm-executor.ts) instead of in worker threads; made once the run lock is held. */
  executor?: (db: StoreDb, events: EventBus) => RunExecutor;
  /** Electron-ABI build of better-sqlite3 (the app); Node uses the default. */
  sqliteBinding?: string;
  /** False for read-only uses (e.g. `mdm runs list`): never takes the data directory's run lock. */
  manageRuns?: boolean;
  /** The app and `mdm serve` train every queued run; the CLI only the runs it queues itself. */
  trainsAllQueued?: boolean;
  /** Longest a computing request (the exact-score check) may run before it is stopped (default 120 s). */
  computeDeadlineMs?: number;
  /** Long-lived services (the app, `mdm serve`): when another process owns the runs, report what it writes to the store as events. */
  followStore?: boolean;
  /** Follow the remote servers' event streams (the app and `mdm serve`), tokens sealed by `sealer`. */
  remotes?: { follow: boolean; sealer?: TokenSealer; retryMs?: number };
}

/** The Electron-free backend behind the app, the CLI and `mdm serve`: store, run manager, handlers, events. */
export interface BackendService {
  events: EventBus;
  /** Null when another process trains this data directory's runs (or the service is read-only). */
  manager: RunManager | null;
  /**
   * The contract's handlers as seen through one transport (system-info reports which). Folders and
   * checkpoint paths in requests are honoured only with `localPaths` (the CLI: the local user's own
   * process); over IPC and HTTP they are refused and files go to `<data dir>/exports`.
   */
  handlers(transport: SystemInfo['transport'], options?: { localPaths?: boolean }): Handlers;
  /** A run export's bytes for a browser download or a save dialog (never a path from the request). */
  download(request: RunDownload): Promise<ExportFile>;
  close(): Promise<void>;
}

export function createBackendService(options: BackendOptions): BackendService {
  mkdirSync(options.dataDir, { recursive: true });
  const events = new EventBus();
  const storeFile = path.join(options.dataDir, 'mdm.sqlite');
  const db = openStore(storeFile, {
    nativeBinding: options.sqliteBinding,
  });
  const lock: OwnerLock =
    options.manageRuns === false
      ? { owned: false, reason: 'this command only reads runs' }
      : acquireOwnerLock(options.dataDir);
  // One online backup a day while an owner runs; a failed one is reported, never fatal.
  const backedUp = lock.owned
    ? backupStore(db, storeFile).catch((error: unknown) =>
        console.error(`could not back up ${storeFile}: ${String(error)}`),
      )
    : Promise.resolve();
  // Staging an import left behind when its process died is removed now, not at the next import.
  if (lock.owned)
    void removeStaleStaging(nodeCacheFs, datasetsDir(options.dataDir)).catch((error: unknown) =>
      console.error(`could not remove stale import staging: ${String(error)}`),
    );
  const executor = lock.owned ? (options.executor?.(db, events) ?? null) : null;
  const checkBackend = executor
    ? noBackendCheck
    : localBackendCheck(options.probeBackends, options.dataDir);
  const manager = lock.owned
    ? new RunManager({
        db,
        events,
        dataDir: options.dataDir,
        maxConcurrent: executor?.maxConcurrent ?? options.maxConcurrentRuns ?? 1,
        spawnWorker: executor ? () => executor.spawn() : (options.spawnWorker ?? spawnRunWorker),
        trainsAllQueued: options.trainsAllQueued ?? false,
        checkBackend,
      })
    : { unavailable: lock.reason };
  // Without the lock, runs change in another process: its writes reach this service's events by polling.
  const follower =
    !lock.owned && options.followStore ? followStore(db, events, options.dataDir) : null;
  const hub = new RemoteHub({
    dataDir: options.dataDir,
    events,
    follow: options.remotes?.follow ?? false,
    sealer: options.remotes?.sealer,
    retryMs: options.remotes?.retryMs,
  });
  const ownerAlive = () => lock.owned || liveOwner(options.dataDir) !== null;
  const local: BackendService['handlers'] = (transport, { localPaths = false } = {}) => ({
    'system-info': () => systemInfo(options.dataDir, transport, options.probeBackends),
    ...runHandlers(
      db,
      manager,
      exportRunTo(options.dataDir, { localPaths }),
      ownerAlive,
      checkBackend,
    ),
    ...runEditHandlers(db, events),
    ...checkpointHandlers(db, events, options.dataDir, { localPaths }),
    ...datasetHandlers(options.dataDir),
    ...verifyHandler({ deadlineMs: options.computeDeadlineMs }),
    ...clusterHandlers(db),
    ...sweepHandlers(db, manager, events, ownerAlive),
    ...designHandlers(db),
    ...hub.handlers(),
  });
  // A non-owner (the app, `mdm serve` or the CLI beside another owner) sends the runs' changes (CONTROL_CALLS) to the owner.
  const handlers: BackendService['handlers'] = (transport, paths) => {
    const all = local(transport, paths);
    return lock.owned ? all : { ...all, ...forwardControl(options.dataDir, all) };
  };
  // Other local processes (`mdm runs stop` in another shell, a non-owner app) ask the owner through its control endpoint.
  const control = lock.owned
    ? serveControl({
        endpoint: lock.control,
        handlers: handlers('ipc'),
        startsRuns: options.trainsAllQueued ?? false,
      })
    : null;
  return {
    events,
    manager: manager instanceof RunManager ? manager : null,
    handlers,
    download: async ({ server, ...request }) =>
      server === undefined || server === LOCAL_SERVER
        ? runExportFile(db, request)
        : hub.download(server, request),
    close: async () => {
      await control?.close();
      follower?.stop();
      hub.close();
      if (manager instanceof RunManager) await manager.close();
      executor?.close();
      await backedUp;
      if (lock.owned) lock.release();
      db.close();
    },
  };
}
