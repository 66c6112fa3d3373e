import type { Worker } from 'node:worker_threads';
import { MdmError } from '#shared/errors';
import type { VerifyReport } from '#shared/mdm/tensor/verify';
import { spawnBackendWorker } from '../worker-threads';
import type { ComputeReply, ComputeRequest } from './protocol';

export interface ComputeOptions {
  /** Longest a computation may run before its worker is killed and the caller told (default 120 s). */
  deadlineMs?: number;
  /** Computations that may run at once; more are refused as busy (default 2). */
  maxConcurrent?: number;
}

/** Runs computations in worker threads with a deadline, so the thread that answers requests never blocks. */
export function offThreadComputer(options: ComputeOptions = {}) {
  const deadlineMs = options.deadlineMs ?? 120_000;
  const maxConcurrent = options.maxConcurrent ?? 2;
  let running = 0;

  return function compute(request: ComputeRequest): Promise<VerifyReport> {
    if (running >= maxConcurrent) {
      throw new MdmError(
        'unavailable',
        `${maxConcurrent} computations are running: try again when one ends`,
      );
    }
    running++;
    const worker: Worker = spawnBackendWorker(
      new URL('./worker.ts', import.meta.url),
      'compute-worker',
    );
    return new Promise<VerifyReport>((resolve, reject) => {
      const deadline = setTimeout(() => {
        reject(
          new MdmError(
            'unavailable',
            `the ${request.kind} computation passed its ${deadlineMs / 1000} s deadline and was stopped: use fewer samples or a smaller K`,
          ),
        );
        void worker.terminate();
      }, deadlineMs);
      worker.once('message', (reply: ComputeReply) => {
        if (reply.ok) resolve(reply.result);
        else reject(new MdmError(reply.error.code, reply.error.message));
      });
      worker.once('error', (error) =>
        reject(new MdmError('internal', `the ${request.kind} worker crashed: ${error.message}`)),
      );
      worker.once('exit', (code) => {
        clearTimeout(deadline);
        running--;
        reject(
          new MdmError(
            'internal',
            `the ${request.kind} worker exited (code ${code}) without answering`,
          ),
        );
      });
      worker.postMessage(request);
    });
  };
}
