import type { Handlers } from '#shared/api/contract';
import { protocolLabel } from '#shared/config/protocols';
import type { CliIO } from '../command';
import { call } from './call';

/** Image runs report bits per dimension, 2-D toy runs nats per dimension (npd). */
const shown = ['loss', 'bpd', 'npd'].concat(
  ...['bpd', 'npd'].map((unit) =>
    ['', '_no_offset', '_prior', '_diffusion', '_aux', '_offset'].map(
      (term) => `test/${unit}${term}`,
    ),
  ),
);

/** Prints a run's outcome: status, progress, the metrics that matter (test BPD ± standard error), its tags and notes, its Slurm jobs. */
export async function printRunSummary(
  handlers: Handlers,
  runId: number,
  io: CliIO,
  json: boolean,
): Promise<void> {
  const detail = await call(handlers, 'runs-get', { runId });
  if (json) {
    io.out(JSON.stringify(detail, null, 2));
    return;
  }
  const { run } = detail;
  io.out(
    `run ${run.id} ${run.name}: ${run.status} at step ${run.progress.step}/${run.progress.total}, protocol ${protocolLabel(run.config)}`,
  );
  if (run.error) io.out(`  ${run.error}`);
  for (const key of shown) {
    const summary = run.metrics[key];
    if (!summary || summary.last === null) continue;
    const stderr = key.startsWith('test/') ? run.metrics[`${key}_stderr`]?.last : undefined;
    const value =
      stderr === undefined || stderr === null
        ? summary.last.toFixed(4)
        : `${summary.last.toFixed(4)} ± ${stderr.toFixed(4)}`;
    io.out(`  ${key.padEnd(20)} ${value}`);
  }
  if (run.tags.length > 0) io.out(`  tags: ${run.tags.join(', ')}`);
  if (run.notes.trim() !== '') io.out(`  notes:\n${run.notes.replace(/^/gm, '    ')}`);
  // Runs trained through Slurm: each job, with Slurm's reason when it ended early.
  for (const job of await call(handlers, 'cluster-jobs-list', { runId })) {
    const where = job.node ? ` on ${job.node}` : '';
    io.out(
      `  slurm job ${job.slurmJobId ?? '(not submitted)'} (attempt ${job.attempt}) ${job.state}${where}${job.reason ? `: ${job.reason}` : ''}`,
    );
  }
}
