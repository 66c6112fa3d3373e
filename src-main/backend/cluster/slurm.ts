/** Slurm's own commands (sbatch, squeue, scontrol, scancel), run as child processes; nothing here schedules. */
import { execFile, spawn } from 'node:child_process';
import { MdmError } from '#shared/errors';

/** A job as squeue or scontrol reports it. */
export interface SlurmJobInfo {
  state: string;
  node: string | null;
  reason: string | null;
  exitCode: string | null;
}

/** States after which Slurm runs nothing more for the job. */
const TERMINAL = new Set([
  'BOOT_FAIL',
  'CANCELLED',
  'COMPLETED',
  'DEADLINE',
  'FAILED',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'TIMEOUT',
]);

export function isTerminal(state: string): boolean {
  return TERMINAL.has(state);
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        const why = stderr.trim().split('\n').at(-1) || error.message;
        reject(new MdmError('unavailable', `${command} ${args.join(' ')} failed: ${why}`));
      } else resolve(stdout);
    });
  });
}

/** Submits a job script (given on stdin, so no file on disk holds the token) and returns Slurm's job id. */
export function sbatch(
  script: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sbatch', ['--parsable'], { cwd: options.cwd, env: options.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error) =>
      reject(new MdmError('unavailable', `cannot run sbatch: ${error.message}`)),
    );
    child.on('close', (code) => {
      const id = out.trim().split(';')[0] ?? '';
      if (code === 0 && /^\d+$/.test(id)) resolve(id);
      else
        reject(
          new MdmError(
            'unavailable',
            `sbatch refused the job: ${err.trim().split('\n').at(-1) ?? `exit ${code}`}`,
          ),
        );
    });
    child.stdin.end(script);
  });
}

/** The jobs Slurm still knows among `ids` (it forgets finished ones after MinJobAge). */
export async function squeue(ids: string[]): Promise<Map<string, SlurmJobInfo>> {
  // Only this user's jobs (--me): on a real cluster the whole queue may hold thousands.
  const out = await run('squeue', ['-h', '--me', '--states=all', '-o', '%i|%T|%N|%r']);
  const wanted = new Set(ids);
  const jobs = new Map<string, SlurmJobInfo>();
  for (const line of out.split('\n')) {
    const [id, state, node, reason] = line.trim().split('|');
    if (!id || !state || !wanted.has(id)) continue;
    jobs.set(id, {
      state,
      node: node || null,
      reason: reason && reason !== 'None' ? reason : null,
      exitCode: null,
    });
  }
  return jobs;
}

/** One job's record from `scontrol show job` (state, node, reason, exit code), or null once Slurm forgot it. */
export async function scontrolJob(id: string): Promise<SlurmJobInfo | null> {
  let out: string;
  try {
    out = await run('scontrol', ['show', 'job', '-o', id]);
  } catch {
    return null;
  }
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(out)?.[1] ?? null;
  const state = field('JobState');
  if (!state) return null;
  const node = field('NodeList');
  const reason = field('Reason');
  return {
    state,
    node: node && node !== '(null)' ? node : null,
    reason: reason && reason !== 'None' ? reason : null,
    exitCode: field('ExitCode'),
  };
}

export async function scancel(id: string): Promise<void> {
  await run('scancel', [id]);
}
