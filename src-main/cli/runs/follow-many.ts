import type { RunStatus } from '#shared/api/runs';
import type { BackendService } from '../../backend/service';
import type { CliIO } from '../command';

const ended = new Set<RunStatus>(['completed', 'stopped', 'failed', 'interrupted']);

/**
 * Waits until every run in `runIds` has ended, printing a line as each ends; Ctrl-C asks them all
 * to stop (each checkpoints, so they can be resumed). Resolves with each run's final status.
 */
export function followRuns(
  service: BackendService,
  runIds: number[],
  io: CliIO,
): Promise<Map<number, RunStatus>> {
  const pending = new Set(runIds);
  const statuses = new Map<number, RunStatus>();
  return new Promise((resolve) => {
    const onInterrupt = () => {
      io.err('\nstopping: each running run finishes its step and saves a checkpoint…');
      for (const id of pending) service.manager?.stop(id);
    };
    const finish = () => {
      unsubscribe();
      process.off('SIGINT', onInterrupt);
      resolve(statuses);
    };
    process.on('SIGINT', onInterrupt);
    const unsubscribe = service.events.subscribe((name, payload) => {
      if (name !== 'run-status-changed' || !('status' in payload) || !('runId' in payload)) return;
      const { runId, status } = payload as { runId: number; status: RunStatus };
      if (!pending.has(runId)) return;
      if (status === 'running') io.err(`run ${runId} started`);
      if (!ended.has(status)) return;
      pending.delete(runId);
      statuses.set(runId, status);
      io.err(`run ${runId} ${status} (${runIds.length - pending.size}/${runIds.length})`);
      if (pending.size === 0) finish();
    });
    if (pending.size === 0) finish();
  });
}
