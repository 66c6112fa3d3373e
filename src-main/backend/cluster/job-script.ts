import type { ClusterProfile } from '#shared/api/cluster';

/** Quotes a word for bash (single quotes; embedded ones closed and escaped). */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The job's combined stdout/stderr file, relative to its working directory. */
export function jobOutputName(runId: number): string {
  return `mdm-run-${runId}-%j.out`;
}

/**
 * The batch script of one run's job: the profile's #SBATCH options, its setup lines, then
 * `mdm worker`. The per-job token is not in it: sbatch passes it in the job's environment.
 */
export function jobScript(profile: ClusterProfile, runId: number, serverUrl: string): string {
  const options = [
    `--job-name=mdm-run-${runId}`,
    `--output=${jobOutputName(runId)}`,
    ...(profile.partition ? [`--partition=${profile.partition}`] : []),
    ...(profile.account ? [`--account=${profile.account}`] : []),
    ...(profile.timeLimit ? [`--time=${profile.timeLimit}`] : []),
    ...(profile.gpusPerJob > 0 ? [`--gpus=${profile.gpusPerJob}`] : []),
    ...profile.extraSbatch,
  ];
  return [
    '#!/bin/bash',
    ...options.map((option) => `#SBATCH ${option}`),
    'set -e',
    // Where the worker finds this job's output, to send its tail to the owner (no shared filesystem assumed).
    `export MDM_JOB_OUTPUT="$PWD/mdm-run-${runId}-$SLURM_JOB_ID.out"`,
    profile.setup,
    `exec ${profile.mdmCommand} worker --server ${shellQuote(serverUrl)} --run ${runId}`,
    '',
  ].join('\n');
}
