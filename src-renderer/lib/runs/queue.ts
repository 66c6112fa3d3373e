/** What a queued run waits for, in words: the runs training now and the queued runs ahead of it (oldest first, as the run manager starts them). */
import type { Run } from '#shared/api/runs';

type Queued = Pick<Run, 'id' | 'createdAt'>;

/** The queued runs the manager starts before `run` (older first; ties by id). */
export function queuedAhead(run: Queued, queued: Queued[]): number {
  return queued.filter(
    (q) =>
      q.id !== run.id &&
      (q.createdAt < run.createdAt || (q.createdAt === run.createdAt && q.id < run.id)),
  ).length;
}

/** "Waiting for run 12 to finish: one run trains at a time", with the runs queued ahead when there are any. */
export function queueNotice(running: number[], ahead: number): string {
  const behind =
    ahead === 0
      ? ''
      : `; ${ahead} queued ${ahead === 1 ? 'run starts' : 'runs start'} before this one`;
  if (running.length === 0)
    return ahead === 0 ? 'Starting: next in the queue' : `Waiting in the queue${behind}`;
  const who =
    running.length === 1
      ? `run ${running[0]} to finish: one run trains at a time`
      : `runs ${running.join(', ')} to finish: ${running.length} runs train at a time`;
  return `Waiting for ${who}${behind}`;
}
