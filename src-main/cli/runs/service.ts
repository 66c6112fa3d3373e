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
