/**
 * Refuses runs that ask for a compute backend this machine cannot load, or a model too big for its
 * GPU, before they are queued (issue 12): the same rules as the run form (run-rules.ts, model-memory.ts).
 */
import { batchMemory } from '#shared/config/model-memory';
import type { RunConfig } from '#shared/config/run-config';
import { backendProblem } from '#shared/config/run-rules';
import { MdmError } from '#shared/errors';
import { openDataset } from '../datasets/index';
import type { BackendReport } from '../system-info';

/** Probes the backends only when a run names one: 'auto' (or a config without a backend) always passes. */
export type BackendCheck = (
  config: Pick<RunConfig, 'backend' | 'dataset' | 'model' | 'batchSize'>,
) => Promise<void>;

const refuse = (field: 'backend' | 'model', message: string) =>
  new MdmError('invalid', `${field}: ${message}`, { path: field, field });

/**
 * A check against this machine's backends (runs train here, in worker threads in `dataDir`). On
 * webgpu a U-Net whose largest activation for one image passes the adapter's max storage binding is
 * refused, as the trainer would refuse it only after the run was queued.
 */
export function localBackendCheck(
  probe: () => Promise<BackendReport>,
  dataDir: string,
): BackendCheck {
  return async ({ backend, dataset, model, batchSize }) => {
    if (typeof backend !== 'string' || backend === 'auto') return;
    const report = await probe();
    const problem = backendProblem(backend, report.backends);
    if (problem) throw refuse('backend', problem);
    const limit = report.gpuAdapter?.maxStorageBufferBindingSize;
    if (backend !== 'webgpu' || limit === undefined) return;
    const info = (await openDataset(dataset, dataDir)).info;
    const side = info.kind === 'image' ? (info.shape[0] ?? null) : null;
    const { error } = batchMemory(model, side, batchSize, limit);
    if (error)
      throw refuse('model', `the ${model} U-Net on ${side}×${side} images on webgpu: ${error}`);
  };
}

/** No check: runs train elsewhere (a Slurm cluster), whose backends this machine cannot see. */
export const noBackendCheck: BackendCheck = async () => {};
