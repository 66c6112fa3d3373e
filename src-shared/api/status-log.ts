/**
 * The lines a run's status changes write to its log (issue 12 §6): every stop, resume and failure.
 * The run manager writes them; the run page reads them back (statusLineKind) for its banners.
 */
import type { EventLevel, RunStatus } from './runs';

export interface StatusLine {
  level: EventLevel;
  message: string;
}

/** What a status line says happened, and the words each such line starts with. */
const PREFIXES = {
  'stop-requested': 'stop requested: ',
  stopped: 'stopped ',
  'resume-queued': 'resume queued: ',
  resumed: 'resumed from step ',
  completed: 'completed at step ',
  failed: 'failed: ',
  interrupted: 'interrupted: ',
} as const;
export type StatusLineKind = keyof typeof PREFIXES;

const line = (level: EventLevel, kind: StatusLineKind, rest: string): StatusLine => ({
  level,
  message: PREFIXES[kind] + rest,
});

export const stopRequestedLine = line(
  'info',
  'stop-requested',
  'the run saves a checkpoint, then stops',
);

export const stoppedWhileQueuedLine = line('info', 'stopped', 'while queued (it did not train)');

/** The line for a resume put in the queue; `from` is the checkpoint step it continues from, null for none. */
export function resumeQueuedLine(from: number | null): StatusLine {
  return line(
    'info',
    'resume-queued',
    from === null
      ? 'no checkpoint, it trains again from step 0'
      : `it continues from the checkpoint at step ${from}`,
  );
}

export function resumedLine(from: number): StatusLine {
  return line('info', 'resumed', String(from));
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
      return line('info', 'completed', String(step));
    case 'stopped':
      return line(
        'info',
        'stopped',
        `at step ${step}${checkpointStep === step ? ' (checkpoint saved)' : ''}`,
      );
    case 'failed':
      return line('error', 'failed', error ?? 'no reason given');
    case 'interrupted':
      return line('warn', 'interrupted', error ?? 'no reason given');
  }
}

/** Which status line a log message is, with what follows its opening words; null for any other line. */
export function readStatusLine(message: string): { kind: StatusLineKind; rest: string } | null {
  for (const [kind, prefix] of Object.entries(PREFIXES) as [StatusLineKind, string][])
    if (message.startsWith(prefix)) return { kind, rest: message.slice(prefix.length) };
  return null;
}
