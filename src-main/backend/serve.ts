import { fileURLToPath } from 'node:url';
import { probeComputeBackends } from './compute-backends';
import { startHttpServer, type RunningHttpServer } from './http/server';
import { dataDir } from './paths';
import { createBackendService } from './service';

/** The renderer bundle electron-vite builds; `mdm serve` serves it to the browser. */
export const rendererBuildDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** `mdm serve`: the backend service behind the HTTP transport. */
export async function startServe(options: {
  host: string;
  port: number;
}): Promise<RunningHttpServer> {
  const service = createBackendService({
    dataDir: dataDir(),
    probeBackends: probeComputeBackends,
    trainsAllQueued: true,
  });
  const server = await startHttpServer({
    handlers: service.handlers('http'),
    events: service.events,
    host: options.host,
    port: options.port,
    rendererDir: rendererBuildDir,
  });
  return {
    ...server,
    close: async () => {
      await server.close();
      await service.close();
    },
  };
}
