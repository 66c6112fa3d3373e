import { describe, expect, it } from 'vitest';
import type { ClusterJob } from '../../../src-shared/api/cluster';
import { mergeListed, upsertJob } from '../../../src-renderer/lib/cluster/jobs';

const job = (id: number, state: string): ClusterJob => ({
  id,
  runId: 7,
  attempt: id,
  profile: 'local',
  slurmJobId: String(100 + id),
  state,
  node: 'node1',
  reason: null,
  outputTail: '',
  workerPid: null,
  requeued: false,
  submittedAt: 1000 * id,
  endedAt: null,
});

describe('cluster jobs', () => {
  it('a list that arrives after a newer event keeps the event’s state', () => {
    // Asked while job 1 ran; it completed (event) before the list answered.
    const told = [job(1, 'COMPLETED')];
    const merged = mergeListed([job(1, 'RUNNING')], told);
    expect(merged.map((j) => j.state)).toEqual(['COMPLETED']);
  });

  it('the list fills in jobs no event has told about, in its order; jobs only events know follow', () => {
    const merged = mergeListed(
      [job(1, 'CANCELLED'), job(2, 'PENDING')],
      [job(2, 'RUNNING'), job(3, 'PENDING')],
    );
    expect(merged.map((j) => [j.id, j.state])).toEqual([
      [1, 'CANCELLED'],
      [2, 'RUNNING'],
      [3, 'PENDING'],
    ]);
  });

  it('an event replaces its job in place or appends a new one', () => {
    const jobs = [job(1, 'RUNNING')];
    expect(upsertJob(jobs, job(1, 'COMPLETED')).map((j) => j.state)).toEqual(['COMPLETED']);
    expect(upsertJob(jobs, job(2, 'PENDING')).map((j) => j.id)).toEqual([1, 2]);
    expect(jobs[0]!.state).toBe('RUNNING');
  });
});
