import { describe, expect, it } from 'vitest';
import type { RunEvent } from '#shared/api/runs';
import {
  endedLine,
  resumedLine,
  resumeQueuedLine,
  stopRequestedLine,
  type StatusLine,
} from '#shared/api/status-log';
import { runBanner } from '../../../src-renderer/lib/runs/banner';

/** A run's log as the manager writes it, with one of the worker's own lines between. */
const log = (...lines: StatusLine[]): RunEvent[] =>
  [{ level: 'info', message: 'started: cld (K = 2) on two-moons' } as StatusLine, ...lines].map(
    (l, i) => ({ id: i + 1, runId: 1, time: i, ...l }),
  );

describe('the run page banner follows the run, not the click', () => {
  it('shows "Stopping" while the run still trains after a stop request, and nothing once stopped', () => {
    const stopping = log(stopRequestedLine);
    expect(runBanner('running', null, stopping)).toEqual({
      kind: 'stopping',
      text: 'Stopping: the run saves a checkpoint first.',
    });
    expect(runBanner('stopped', null, stopping)).toBeNull();
    expect(
      runBanner('stopped', null, log(stopRequestedLine, endedLine('stopped', 40, 40, null))),
    ).toBeNull();
  });

  it('shows "Queued to resume" while queued after a resume, and nothing once it runs', () => {
    const queued = log(stopRequestedLine, endedLine('stopped', 40, 40, null), resumeQueuedLine(40));
    expect(runBanner('queued', null, queued)).toEqual({
      kind: 'resume-queued',
      text: 'Queued to resume: it continues from the checkpoint at step 40.',
    });
    expect(runBanner('running', null, queued)).toBeNull();
    expect(runBanner('running', null, [...queued, ...log(resumedLine(40))])).toBeNull();
  });

  it('replaces "Queued to resume" by the failure when the resume fails', () => {
    const reason = 'checkpoint model.json is missing';
    const failed = log(resumeQueuedLine(40), resumedLine(40), endedLine('failed', 40, 40, reason));
    expect(runBanner('failed', reason, failed)).toEqual({
      kind: 'resume-failed',
      text: `The resume failed: ${reason}`,
    });
    // A run that failed on its first try has its error shown, but no resume banner.
    expect(runBanner('failed', reason, log(endedLine('failed', 3, null, reason)))).toBeNull();
  });

  it('shows nothing for a run nobody stopped or resumed', () => {
    expect(runBanner('running', null, log())).toBeNull();
    expect(runBanner('queued', null, [])).toBeNull();
  });
});
