import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port';

/** A single-node Slurm (slurmctld + slurmd on this machine, munge for auth) that a test starts and stops. */
export interface LocalSlurm {
  /** SLURM_CONF for every Slurm command the test and the owner run. */
  conf: string;
  partition: string;
  stop(): Promise<void>;
}

const INSTALL = 'apt-get install slurmctld slurmd slurm-client munge (as root)';

/** Why Slurm cannot run here (missing programs, not root), or null when it can. */
export function slurmMissing(): string | null {
  const programs = ['sbatch', 'squeue', 'scontrol', 'scancel', 'slurmctld', 'slurmd', 'munged'];
  const missing = programs.filter(
    (p) => spawnSync('sh', ['-c', `command -v ${p} || test -x /usr/sbin/${p}`]).status !== 0,
  );
  if (missing.length > 0) return `slurm tests need ${missing.join(', ')}: ${INSTALL}`;
  if (process.getuid?.() !== 0) return 'slurm tests start slurmd and munged, which needs root';
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts munged unless one answers already (it may stay running: it is shared and harmless). */
function ensureMunge(): void {
  if (spawnSync('sh', ['-c', 'munge -n | unmunge']).status === 0) return;
  const key = '/etc/munge/munge.key';
  if (!existsSync(key)) {
    execFileSync('mungekey', ['--create']);
    execFileSync('chown', ['munge:munge', key]);
    execFileSync('chmod', ['400', key]);
  }
  mkdirSync('/run/munge', { recursive: true });
  execFileSync('chown', ['munge:munge', '/run/munge']);
  execFileSync('su', ['-s', '/bin/sh', 'munge', '-c', '/usr/sbin/munged']);
}

function pidOf(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Writes a slurm.conf in a temp folder (free ports, state and logs there) and starts slurmctld and slurmd. */
export async function startLocalSlurm(cpus = 2): Promise<LocalSlurm> {
  ensureMunge();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mdm-slurm-'));
  const host = os.hostname().split('.')[0]!;
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'slurm.conf');
  mkdirSync(path.join(dir, 'state'));
  mkdirSync(path.join(dir, 'spool'));
  writeFileSync(
    conf,
    [
      'ClusterName=mdmtest',
      `SlurmctldHost=${host}`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${dPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/slurmctld.log`,
      `SlurmdLogFile=${dir}/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'ReturnToService=2',
      'SchedulerType=sched/builtin',
      'JobAcctGatherType=jobacct_gather/none',
      'MpiDefault=none',
      'KillWait=5',
      'MinJobAge=600',
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  execFileSync('slurmctld', ['-c', '-f', conf], { env });
  execFileSync('slurmd', ['-f', conf], { env });
  const stop = async () => {
    for (const name of ['slurmd', 'slurmctld']) {
      const pid = pidOf(path.join(dir, `${name}.pid`));
      if (pid === null || !alive(pid)) continue;
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    const state = spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim();
    if (state === 'idle') break;
    if (i > 150) {
      const log = (name: string) =>
        existsSync(path.join(dir, name))
          ? readFileSync(path.join(dir, name), 'utf8').slice(-2000)
          : '';
      await stop();
      throw new Error(
        `local Slurm did not become idle (sinfo: '${state}')\n${log('slurmctld.log')}\n${log('slurmd.log')}`,
      );
    }
    await sleep(200);
  }
  return { conf, partition: 'debug', stop };
}
