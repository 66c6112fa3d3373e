/** The run actions the table and the detail page share, through the contract. */
import type { AskedOwner, Transport } from '#shared/api/contract';
import { api as localApi } from '../api';

export type RunAction = 'stop' | 'resume' | 'duplicate' | 'delete';
/** The actions that change a run through the contract; duplicate opens the new-run form pre-filled instead. */
export type RunChange = Exclude<RunAction, 'duplicate'>;

/** Runs one change on the run's server; resolves to its answer (the changed run, or the deleted id). Errors carry the backend's message. */
export async function runAction(
  action: RunChange,
  runId: number,
  api: Transport = localApi,
): Promise<AskedOwner> {
  switch (action) {
    case 'stop':
      return api.invoke('runs-stop', { runId });
    case 'resume':
      return api.invoke('runs-resume', { runId });
    case 'delete':
      return api.invoke('runs-delete', { runId, force: true });
  }
}

/** Who took a change when another process trains the runs (the server sent it there): 'pid N, which trains …'; null when the server did itself. */
export function askedText(answer: AskedOwner | null): string | null {
  const pid = answer?.askedPid;
  return pid === undefined ? null : `pid ${pid}, which trains this data directory`;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
