/** The log lines a run's status changes write to its log (issue 12 §6): every stop, resume and failure. */
import type { EventLevel, RunStatus } from '../store/index';

export interface StatusLine {
  level: EventLevel;
  message: string;
}

export const stopRequestedLine: StatusLine = {
  level: 'info',
  message: 'stop requested: the run saves a checkpoint, then stops',
};

export const stoppedWhileQueuedLine: StatusLine = {
  level: 'info',
  message: 'stopped while queued (it did not train)',
};

/** The line for a resume put in the queue; `from` is the checkpoint step it continues from, null for none. */
export function resumeQueuedLine(from: number | null): StatusLine {
  return {
    level: 'info',
    message:
      from === null
        ? 'resume queued: no checkpoint, it trains again from step 0'
        : `resume queued: it continues from the checkpoint at step ${from}`,
  };
}

export function resumedLine(from: number): StatusLine {
  return { level: 'info', message: `resumed from step ${from}` };
}

/**
 * The line for how a run's training ended: `step` is where it got to, `checkpointStep` its latest
 * checkpoint (null for none), `error` the reason of a failure or interruption.
 */
export function endedLine(
  status: Exclude<RunStatus, 'queued' | 'running'>,
  step: number,
  checkpointStep: number | null,
  error: string | null,
): StatusLine {
  switch (status) {
    case 'completed':
      return { level: 'info', message: `completed at step ${step}` };
    case 'stopped':
      return {
        level: 'info',
        message: `stopped at step ${step}${checkpointStep === step ? ' (checkpoint saved)' : ''}`,
      };
    case 'failed':
      return { level: 'error', message: `failed: ${error ?? 'no reason given'}` };
    case 'interrupted':
      return { level: 'warn', message: `interrupted: ${error ?? 'no reason given'}` };
  }
}
