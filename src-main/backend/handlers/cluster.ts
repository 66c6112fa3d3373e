import type { Handlers } from '#shared/api/contract';
import { getRun, listClusterJobs, type StoreDb } from '../store/index';

/** 'cluster-jobs-list': the Slurm jobs a run trained in, for the run page. */
export function clusterHandlers(db: StoreDb): Pick<Handlers, 'cluster-jobs-list'> {
  return {
    'cluster-jobs-list': async ({ runId }) => {
      getRun(db, runId); // not_found for an unknown run
      return listClusterJobs(db, runId);
    },
  };
}
