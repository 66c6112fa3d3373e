import { probeComputeBackends } from '../../backend/compute-backends';
import { dataDir } from '../../backend/paths';
import { createBackendService, type BackendService } from '../../backend/service';

/** The backend service the CLI works through, on `--out DIR` or the user's data directory. */
export function openCliService(options: { out?: string; manageRuns: boolean }): BackendService {
  return createBackendService({
    dataDir: options.out ?? dataDir(),
    probeBackends: probeComputeBackends,
    manageRuns: options.manageRuns,
  });
}
