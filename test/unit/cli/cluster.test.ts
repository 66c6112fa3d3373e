import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClusterProfile } from '../../../src-main/backend/cluster/profiles';
import { jobScript } from '../../../src-main/backend/cluster/job-script';
import { main } from '../../../src-main/cli/main';

async function mdm(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('mdm worker and mdm cluster', () => {
  it('mdm worker --help documents --server and --run', async () => {
    const help = await mdm(['worker', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--server URL/);
    expect(help.out).toMatch(/--run ID/);
    expect(help.out).toMatch(/--token-file FILE/);
  });

  it('mdm worker without a token or with a bad server is refused with one line and code 2', async () => {
    const saved = process.env.MDM_WORKER_TOKEN;
    delete process.env.MDM_WORKER_TOKEN;
    try {
      const noToken = await mdm(['worker', '--server', 'http://127.0.0.1:1', '--run', '3']);
      expect(noToken.code).toBe(2);
      expect(noToken.err.trim().split('\n')).toHaveLength(1);
      expect(noToken.err).toContain('MDM_WORKER_TOKEN');
      const badUrl = await mdm(['worker', '--server', 'ftp://x', '--run', '3']);
      expect(badUrl.code).toBe(2);
      expect(badUrl.err).toContain('--server');
    } finally {
      if (saved !== undefined) process.env.MDM_WORKER_TOKEN = saved;
    }
  });

  it('mdm cluster profile set/show/list/delete keep profiles in the data directory', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mdm-cluster-cli-'));
    const set = await mdm([
      'cluster',
      'profile',
      'set',
      'gpu',
      '--partition',
      'gpu',
      '--gpus',
      '2',
      '--time',
      '4:00:00',
      '--sbatch',
      '["--mem=16G"]',
      '--setup',
      'module load nodejs',
      '--data-dir',
      dir,
    ]);
    expect(set.code, set.err).toBe(0);
    // A later set changes only the fields it names.
    expect(
      (await mdm(['cluster', 'profile', 'set', 'gpu', '--requeues', '5', '--data-dir', dir])).code,
    ).toBe(0);
    const show = await mdm(['cluster', 'profile', 'show', 'gpu', '--json', '--data-dir', dir]);
    expect(JSON.parse(show.out)).toEqual({
      name: 'gpu',
      partition: 'gpu',
      gpusPerJob: 2,
      timeLimit: '4:00:00',
      extraSbatch: ['--mem=16G'],
      setup: 'module load nodejs',
      mdmCommand: 'mdm',
      requeueLimit: 5,
      maxJobs: 8,
    });
    const bad = await mdm([
      'cluster',
      'profile',
      'set',
      'gpu',
      '--time',
      'soon',
      '--data-dir',
      dir,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('timeLimit');
    expect((await mdm(['cluster', 'profile', 'delete', 'gpu', '--data-dir', dir])).code).toBe(0);
    expect((await mdm(['cluster', 'profile', 'show', 'gpu', '--data-dir', dir])).code).toBe(2);
  });

  it('mdm serve --executor slurm needs --profile', async () => {
    const result = await mdm(['serve', '--executor', 'slurm']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--profile');
  });

  it('a job script carries the profile, its setup and mdm worker, but no token', () => {
    const profile = parseClusterProfile({
      name: 'p',
      partition: 'gpu',
      gpusPerJob: 1,
      account: 'lab',
      timeLimit: '60',
      extraSbatch: ['--mem=8G'],
      setup: 'source ~/venv/bin/activate',
    });
    const script = jobScript(profile, 12, 'http://login1:5317');
    expect(script.split('\n')).toEqual([
      '#!/bin/bash',
      '#SBATCH --job-name=mdm-run-12',
      '#SBATCH --output=mdm-run-12-%j.out',
      '#SBATCH --partition=gpu',
      '#SBATCH --account=lab',
      '#SBATCH --time=60',
      '#SBATCH --gpus=1',
      '#SBATCH --mem=8G',
      'set -e',
      'export MDM_JOB_OUTPUT="$PWD/mdm-run-12-$SLURM_JOB_ID.out"',
      'source ~/venv/bin/activate',
      "exec mdm worker --server 'http://login1:5317' --run 12",
      '',
    ]);
  });
});
