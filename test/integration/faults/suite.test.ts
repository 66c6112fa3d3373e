import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { metricSteps, oneTo, spawnMdm, tempHome, toyConfig, waitFor } from '../runs/support';
import { serve, type Served } from './served';

/**
 * Issue 14's fault-injection suite: repeated kill -9 of `mdm serve` and `mdm train`, SIGSTOP/SIGCONT,
 * a lock held by another process and a read-only data directory, each followed by the checks that
 * the process survived (or a restart recovered) and that no recorded metric point was lost.
 */
const counts = { injected: 0, survived: 0, pointsLost: 0 };
const servers: Served[] = [];
afterAll(async () => {
  for (const served of servers) await served.kill();
  console.info(`fault suite: ${JSON.stringify(counts)}`);
});

async function started(home: string): Promise<Served> {
  const served = await serve(home);
  servers.push(served);
  return served;
}

/** Loss steps missing from 1..max in the store (points lost), read without opening it for writing. */
function lostPoints(home: string, runId: number): number {
  const db = new Database(path.join(home, 'mdm.sqlite'), { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    expect(integrity).toBe('ok');
    const steps = metricSteps(db, runId);
    return oneTo(steps.at(-1) ?? 0).length - steps.length;
  } finally {
    db.close();
  }
}

async function trainedPast(served: Served, runId: number, step: number): Promise<number> {
  return waitFor(
    `run ${runId} past step ${step}`,
    async () => {
      const { result } = await served.call('runs-get', { runId });
      const last = result.checkpoints.at(-1)?.step ?? 0;
      return last > step && last;
    },
    90_000,
    200,
  );
}

function holdLock(file: string, ms: number): Promise<void> {
  const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(file)}, { timeout: 20000 });
    db.exec('BEGIN EXCLUSIVE'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  return new Promise((resolve) =>
    spawn(process.execPath, ['-e', script], { stdio: 'ignore' }).on('exit', () => resolve()),
  );
}

describe('fault-injection suite', () => {
  it('kill -9 of serve (twice), SIGSTOP/SIGCONT and a held lock: the store stays whole and no point is lost', async () => {
    const home = tempHome('faults-suite');
    let served = await started(home);
    const { result } = await served.call<{ id: number }>('runs-create', {
      config: toyConfig({ steps: 5000, checkpointEvery: 20 }),
    });
    const runId = result.id;
    let step = 0;
    for (let kill = 0; kill < 2; kill++) {
      step = await trainedPast(served, runId, step);
      counts.injected++;
      await served.kill();
      counts.pointsLost += lostPoints(home, runId);
      served = await started(home);
      const { result: after } = await served.call('runs-get', { runId });
      expect(after.run.status).toBe('interrupted');
      expect((await served.call('runs-resume', { runId })).status).toBe(200);
      counts.survived++;
    }

    step = await trainedPast(served, runId, step);
    counts.injected++;
    process.kill(served.mdm.child.pid!, 'SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    process.kill(served.mdm.child.pid!, 'SIGCONT');
    step = await trainedPast(served, runId, step);
    expect(served.alive()).toBe(true);
    counts.survived++;

    counts.injected++;
    await holdLock(path.join(home, 'mdm.sqlite'), 6000);
    const ended = await waitFor(
      'the run to end after the lock',
      async () => {
        const { result: detail } = await served.call('runs-get', { runId });
        return detail.run.status !== 'running' && detail;
      },
      60_000,
      200,
    ).catch(() => null);
    expect(served.alive()).toBe(true);
    if (ended) expect(ended.run.error).toMatch(/database is locked/);
    counts.survived++;
    await served.kill();
    counts.pointsLost += lostPoints(home, runId);
    expect(counts.pointsLost).toBe(0);
  });

  it('kill -9 of `mdm train` (twice): runs list says interrupted, resume continues, no point lost', async () => {
    const home = tempHome('faults-suite-train');
    const args = '--dataset two-moons --model mlp --diffusion cld --steps 5000'.split(' ');
    const file = path.join(home, 'mdm.sqlite');
    const storedSteps = () => {
      try {
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('SELECT count(*) FROM checkpoints').pluck().get() as number) > 0;
        } finally {
          db.close();
        }
      } catch {
        return false;
      }
    };
    for (let kill = 0; kill < 2; kill++) {
      const mdm =
        kill === 0
          ? spawnMdm(
              [
                'train',
                ...args,
                '--checkpoint-every',
                '20',
                '--sample-every',
                '0',
                '--eval-images',
                '0',
              ],
              { MDM_HOME: home },
            )
          : spawnMdm(['runs', 'resume', '1'], { MDM_HOME: home });
      await waitFor('a checkpoint', storedSteps, 90_000, 200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      counts.injected++;
      process.kill(-mdm.child.pid!, 'SIGKILL');
      await mdm.exited;
      counts.pointsLost += lostPoints(home, 1);
      const list = spawnMdm(['runs', 'list', '--json'], { MDM_HOME: home });
      expect(await list.exited).toBe(0);
      expect((JSON.parse(list.stdout()) as { runs: { status: string }[] }).runs[0]!.status).toBe(
        'interrupted',
      );
      counts.survived++;
    }
    expect(counts.pointsLost).toBe(0);
  });

  it('a read-only data directory gives one line, not a stack', async (ctx) => {
    const home = tempHome('faults-suite-ro');
    const init = spawnMdm(['runs', 'list'], { MDM_HOME: home });
    expect(await init.exited).toBe(0);
    // Root ignores file modes: a read-only remount of a tmpfs is the one way to refuse it writes.
    const asRoot = process.getuid?.() === 0;
    const ro = `${home}-ro`;
    if (asRoot) {
      fs.mkdirSync(ro);
      if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', ro]).status !== 0) {
        if (process.env.CI) throw new Error('cannot mount a tmpfs for the read-only test');
        ctx.skip();
      }
      fs.cpSync(home, ro, { recursive: true });
      spawnSync('mount', ['-o', 'remount,ro', ro]);
    } else {
      fs.cpSync(home, ro, { recursive: true });
      spawnSync('chmod', ['-R', 'a-w', ro]);
    }
    try {
      counts.injected++;
      for (const args of [
        ['runs', 'list'],
        ['train', '--dataset', 'two-moons', '--model', 'mlp', '--steps', '5'],
      ]) {
        const mdm = spawnMdm(args, { MDM_HOME: ro });
        expect(await mdm.exited).toBe(2);
        expect(mdm.errorLines(), mdm.stderr()).toHaveLength(1);
        expect(mdm.stderr()).toContain(`${ro} is not writable (`);
      }
      counts.survived++;
    } finally {
      if (asRoot) spawnSync('umount', ['-l', ro]);
      else spawnSync('chmod', ['-R', 'u+w', ro]);
    }
  });
});
