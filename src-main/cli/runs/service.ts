import type { Handlers } from '#shared/api/contract';
import { probeComputeBackends } from '../../backend/compute-backends';
import { dataDir } from '../../backend/paths';
import { createBackendService, type BackendService } from '../../backend/service';

/** The backend service the CLI works through, on `--data-dir DIR` or the user's data directory. */
export function openCliService(options: {
  dataDir?: string | undefined;
  manageRuns: boolean;
}): BackendService {
  return createBackendService({
    dataDir: options.dataDir ?? dataDir(),
    probeBackends: probeComputeBackends,
    manageRuns: options.manageRuns,
  });
}

/** Runs `work` on a CLI service and its handlers (local paths allowed: the local user's own), closing it after. */
export async function withCliService<R>(
  options: { dataDir?: string | undefined; manageRuns: boolean },
  work: (service: BackendService, handlers: Handlers) => Promise<R>,
): Promise<R> {
  const service = openCliService(options);
  try {
    return await work(service, service.handlers('http', { localPaths: true }));
  } finally {
    await service.close();
  }
}
