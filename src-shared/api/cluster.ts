import * as s from './schema';
import type { Infer } from './schema';

/** One Slurm job of a run (a run requeued after a cancelled job has several); times in ms since the epoch. */
export interface ClusterJob {
  id: number;
  runId: number;
  /** 1 for a run's first job, +1 for each automatic requeue after it. */
  attempt: number;
  profile: string;
  slurmJobId: string | null;
  /** Slurm's job state (PENDING, RUNNING, COMPLETED, CANCELLED, TIMEOUT, …). */
  state: string;
  node: string | null;
  /** Why the job ended early, in Slurm's words; null while it runs or when it completed. */
  reason: string | null;
  /** The last lines of the job's combined stdout/stderr. */
  outputTail: string;
  workerPid: number | null;
  requeued: boolean;
  submittedAt: number;
  endedAt: number | null;
}

/** A named way to run jobs on a Slurm cluster (`mdm cluster profile set`). */
export const clusterProfileSchema = s.object({
  name: s.string({ pattern: /^[\w.-]{1,64}$/ }),
  partition: s.optional(s.string({ pattern: /^[\w.,-]{1,128}$/ })),
  /** GPUs each job asks for (`--gpus`); 0 trains on the node's CPUs. */
  gpusPerJob: s.number({ integer: true, min: 0, max: 64 }),
  /** Slurm's `--time` (e.g. `90`, `4:00:00`, `2-00:00:00`). */
  timeLimit: s.optional(s.string({ pattern: /^(\d+-)?\d+(:\d+){0,2}$/ })),
  account: s.optional(s.string({ pattern: /^[\w.-]{1,128}$/ })),
  /** More `#SBATCH` options, one per line, without the `#SBATCH` prefix (e.g. `--mem=16G`). */
  extraSbatch: s.array(s.string({ pattern: /^--?[\w-]+(=[^\n\r]*)?$/ }), { maxLength: 64 }),
  /** Shell lines run on the node before the worker (e.g. `module load nodejs; cd ~/mdm-studio`). */
  setup: s.string({ maxLength: 10_000 }),
  /** How the node invokes the `mdm` CLI. */
  mdmCommand: s.string({ minLength: 1, maxLength: 1000, pattern: /^[^\n\r]+$/ }),
  /** The owner's URL as the nodes reach it; default: the URL `mdm serve` listens on. */
  serverUrl: s.optional(s.string({ pattern: /^https?:\/\/[^\s/]+\/?$/ })),
  /** Automatic requeues of a run after a cancelled, preempted, timed-out or lost job. */
  requeueLimit: s.number({ integer: true, min: 0, max: 100 }),
  /** Jobs the owner keeps submitted at once; the rest of the runs wait in its queue. */
  maxJobs: s.number({ integer: true, min: 1, max: 1000 }),
});
export type ClusterProfile = Infer<typeof clusterProfileSchema>;

/** The fields a new profile takes when not given. */
export const clusterProfileDefaults: Omit<ClusterProfile, 'name'> = {
  gpusPerJob: 0,
  extraSbatch: [],
  setup: '',
  mdmCommand: 'mdm',
  requeueLimit: 3,
  maxJobs: 8,
};
