/** The run page's banner for a stop or resume under way, read from the run's status and log. */
import type { RunEvent, RunStatus } from '#shared/api/runs';
import { readStatusLine } from '#shared/api/status-log';

export interface RunBanner {
  kind: 'stopping' | 'resume-queued' | 'resume-failed';
  text: string;
}

/**
 * The banner that fits the run's state now, or null: never a flag set on a click, so it goes as
 * soon as the run moves on (stopped, running again) and a resume that fails says so with the reason.
 */
export function runBanner(
  status: RunStatus,
  error: string | null,
  events: readonly RunEvent[],
): RunBanner | null {
  const lines = events.flatMap((e) => readStatusLine(e.message) ?? []);
  const last = lines.at(-1);
  if (status === 'running' && last?.kind === 'stop-requested')
    return { kind: 'stopping', text: 'Stopping: the run saves a checkpoint first.' };
  if (status === 'queued' && last?.kind === 'resume-queued')
    return { kind: 'resume-queued', text: `Queued to resume: ${last.rest}.` };
  const before = lines.at(-2)?.kind;
  if (
    status === 'failed' &&
    last?.kind === 'failed' &&
    (before === 'resumed' || before === 'resume-queued')
  )
    return { kind: 'resume-failed', text: `The resume failed: ${error ?? last.rest}` };
  return null;
}
