import type { ClusterJob } from '#shared/api/cluster';

/** The jobs with `job` in place of the one with its id, or appended when new. */
export function upsertJob(jobs: ClusterJob[], job: ClusterJob): ClusterJob[] {
  const known = jobs.some((j) => j.id === job.id);
  return known ? jobs.map((j) => (j.id === job.id ? job : j)) : [...jobs, job];
}

/**
 * The jobs once the list answers, given those events told about meanwhile. The panel subscribes
 * before it asks, so every change after the list's read comes as an event, in order, carrying the
 * whole job: the last event about a job is at least as new as the list's row, which can only be
 * older. So the list fills in what no event has told yet, and a job an event told keeps its version.
 */
export function mergeListed(listed: ClusterJob[], told: ClusterJob[]): ClusterJob[] {
  return told.reduce(upsertJob, listed);
}
