import { fileURLToPath } from 'node:url';
import { requireClusterProfile } from './cluster/profiles';
import { SlurmExecutor } from './cluster/slurm-executor';
import { probeComputeBackends } from './compute-backends';
import { checkBinding } from './http/binding';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from './http/server';
import { workerRoutes } from './http/worker-routes';
import { dataDir } from './paths';
import { createBackendService, type BackendService } from './service';

/** The renderer bundle electron-vite builds; `mdm serve` serves it to the browser. */
export const rendererBuildDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export interface ServeOptions extends Pick<
  HttpServerOptions,
  'host' | 'port' | 'allowRemote' | 'tls' | 'allowedHosts' | 'token'
> {
  /** Default: $MDM_HOME or the platform's data directory. */
  dataDir?: string;
  /** Train queued runs as Slurm jobs of this stored cluster profile instead of worker threads. */
  slurm?: { profile: string; pollMs?: number };
}

/** `mdm serve`: the backend service behind the HTTP transport; with `slurm`, its runs train as Slurm jobs. */
export async function startServe(
  options: ServeOptions,
): Promise<RunningHttpServer & { service: BackendService }> {
  // Before the store is opened: a refused binding leaves nothing to close.
  checkBinding(options.host, options.allowRemote ?? false, options.tls !== undefined);
  let executor: SlurmExecutor | null = null;
  const slurm = options.slurm;
  const service = createBackendService({
    dataDir: options.dataDir ?? dataDir(),
    probeBackends: probeComputeBackends,
    trainsAllQueued: true,
    followStore: true,
    remotes: { follow: true },
    executor: slurm
      ? (db, events) =>
          (executor = new SlurmExecutor({
            db,
            events,
            profile: requireClusterProfile(db, slurm.profile),
            pollMs: slurm.pollMs,
          }))
      : undefined,
  });
  const server = await startHttpServer({
    handlers: service.handlers('http'),
    events: service.events,
    download: (request) => service.download(request),
    host: options.host,
    port: options.port,
    token: options.token,
    allowRemote: options.allowRemote,
    tls: options.tls,
    allowedHosts: options.allowedHosts,
    rendererDir: rendererBuildDir,
    routes: executor ? workerRoutes(executor) : undefined,
  }).catch(async (error: unknown) => {
    await service.close();
    throw error;
  });
  (executor as SlurmExecutor | null)?.attach(server.url);
  return {
    ...server,
    service,
    // Slurm workers need the server while they stop at a checkpoint; local ones stop in-process.
    close: async () => {
      if (executor) await service.close();
      await server.close();
      if (!executor) await service.close();
    },
  };
}
