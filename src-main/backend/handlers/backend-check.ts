/** Refuses runs that ask for a compute backend this machine cannot load, before they are queued (issue 12). */
import { backendProblem } from '#shared/config/run-rules';
import { MdmError } from '#shared/errors';
import type { BackendReport } from '../system-info';

/** Probes the backends only when a run names one: 'auto' (or a config without a backend) always passes. */
export type BackendCheck = (choice: unknown) => Promise<void>;

/** A check against this machine's backends (runs train here, in worker threads). */
export function localBackendCheck(probe: () => Promise<BackendReport>): BackendCheck {
  return async (choice) => {
    if (typeof choice !== 'string' || choice === 'auto') return;
    const problem = backendProblem(choice, (await probe()).backends);
    if (problem)
      throw new MdmError('invalid', `backend: ${problem}`, { path: 'backend', field: 'backend' });
  };
}

/** No check: runs train elsewhere (a Slurm cluster), whose backends this machine cannot see. */
export const noBackendCheck: BackendCheck = async () => {};
