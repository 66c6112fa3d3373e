/** The run actions the table and the detail page share, through the contract. */
import type { Transport } from '#shared/api/contract';
import type { Run } from '#shared/api/runs';
import { api as localApi } from '../api';

export type RunAction = 'stop' | 'resume' | 'duplicate' | 'delete';
/** The actions that change a run through the contract; duplicate opens the new-run form pre-filled instead. */
export type RunChange = Exclude<RunAction, 'duplicate'>;

/** Runs one change on the run's server; resolves to the changed run (none for delete). Errors carry the backend's message. */
export async function runAction(
  action: RunChange,
  runId: number,
  api: Transport = localApi,
): Promise<Run | null> {
  switch (action) {
    case 'stop':
      return api.invoke('runs-stop', { runId });
    case 'resume':
      return api.invoke('runs-resume', { runId });
    case 'delete':
      await api.invoke('runs-delete', { runId, force: true });
      return null;
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
