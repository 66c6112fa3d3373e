/** Whether Resume can succeed for a run here, and why not: the Resume button is hidden or disabled with the reason. */
import type { Run } from '#shared/api/runs';
import type { ComputeBackendStatus } from '#shared/api/system';
import { backendProblem } from '#shared/config/run-rules';

/**
 * Why resuming `run` would fail, or null when it can resume: its backend cannot load here, or it
 * saved no checkpoint to continue from (`checkpoints` null when unknown, as in the runs table).
 */
export function resumeProblem(
  run: Pick<Run, 'config'>,
  backends: ComputeBackendStatus[] | null,
  checkpoints: number | null,
): string | null {
  const backend = backends ? backendProblem(run.config.backend, backends) : null;
  if (backend) return `Cannot resume: ${backend}. Duplicate it onto another backend instead`;
  if (checkpoints === 0)
    return 'Cannot resume: the run saved no checkpoint. Duplicate it to train it again';
  return null;
}
