import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome, toyConfig, waitFor } from '../runs/support';
import { runEnded, serve, type Served } from './served';

/** Issue 14 problem 2: a store or checkpoint error during a run fails that run with the reason, never the process. */
const servers: Served[] = [];
afterAll(async () => {
  for (const served of servers) await served.kill();
});

async function started(home: string): Promise<Served> {
  const served = await serve(home);
  servers.push(served);
  return served;
}

async function trainingRun(
  served: Served,
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const { result } = await served.call<{ id: number }>('runs-create', {
    config: toyConfig({ steps: 5000, checkpointEvery: 20, ...overrides }),
  });
  await waitFor(
    'a checkpoint',
    async () => (await served.call('runs-get', { runId: result.id })).result.checkpoints.length > 0,
    90_000,
    100,
  );
  return result.id;
}

/** Another process holds an exclusive lock on mdm.sqlite for `ms`; resolves when it has let go. */
function holdExclusiveLock(file: string, ms: number): Promise<void> {
  const script = `const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)}, { timeout: 20000 });
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`lock holder exited ${code}`)),
    );
  });
}

describe('contained failures', () => {
  it('an exclusive lock held by another process for 8 s fails the run with the reason; the server stays up', async () => {
    const home = tempHome('faults-lock');
    const served = await started(home);
    const runId = await trainingRun(served);
    await holdExclusiveLock(path.join(home, 'mdm.sqlite'), 8000);
    const detail = await runEnded(served, runId);
    expect(served.alive()).toBe(true);
    expect(detail.run.status).toBe('failed');
    expect(detail.run.error).toMatch(/database is locked/);
    console.info(`lock: run ${runId} ended ${detail.run.status}: ${detail.run.error}`);
    expect((await served.call('system-info', {})).status).toBe(200);

    // A damaged checkpoint is refused up front with one line, and the run stays as it was.
    const latest = detail.checkpoints.at(-1)!;
    const stateFile = path.join(latest.path, 'state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(stateFile, JSON.stringify({ ...state, step: 'abc' }));
    for (let attempt = 0; attempt < 2; attempt++) {
      const resumed = await served.call('runs-resume', { runId });
      expect(resumed.status).toBe(400);
      expect(resumed.error?.message).toBe(
        `checkpoint ${stateFile} is damaged: step "abc" is not an integer ≥ 0`,
      );
      const after = await served.call('runs-get', { runId });
      expect(after.result.run.status).toBe('failed');
    }
    expect(served.alive()).toBe(true);
  });

  it('a full disk fails the run with the reason, the server stays up, and the run resumes once there is space', async (ctx) => {
    const mountPoint = tempHome('faults-tmpfs');
    const mounted = await new Promise<boolean>((resolve) =>
      spawn('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint], { stdio: 'ignore' })
        .on('exit', (code) => resolve(code === 0))
        .on('error', () => resolve(false)),
    );
    if (!mounted) {
      if (process.env.CI)
        throw new Error('cannot mount a tmpfs for the full-disk test (needs root)');
      ctx.skip();
    }
    try {
      const home = path.join(mountPoint, 'home');
      mkdirSync(home);
      const served = await started(home);
      const runId = await trainingRun(served);
      const filler = path.join(mountPoint, 'filler');
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        closeSync(fd);
      }
      // While the disk is full even the run's end cannot be recorded: the server says so and retries.
      await waitFor(
        'the run to fail on the full disk',
        async () =>
          served.mdm.stderr().includes(`run ${runId}: could not record`) ||
          (await served.call('runs-get', { runId })).result.run.status !== 'running',
        60_000,
        200,
      );
      rmSync(filler);
      const detail = await runEnded(served, runId);
      expect(served.alive()).toBe(true);
      expect(detail.run.status).toBe('failed');
      expect(detail.run.error).toMatch(/ENOSPC|full/);
      console.info(`disk full: run ${runId} ended ${detail.run.status}: ${detail.run.error}`);
      const resumed = await served.call('runs-resume', { runId });
      expect(resumed.status).toBe(200);
      await waitFor(
        'the resumed run to train past its checkpoint',
        async () => {
          const { result } = await served.call('runs-get', { runId });
          return (
            result.run.status === 'running' && result.run.progress.step > detail.run.progress.step
          );
        },
        60_000,
        200,
      );
      await served.call('runs-stop', { runId });
      await runEnded(served, runId);
      await served.kill();
    } finally {
      spawn('umount', ['-l', mountPoint], { stdio: 'ignore' });
    }
  });
});
