import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/backend/store/index';
import { serve, type Served } from '../faults/served';
import { metricSteps, spawnMdm, tempHome, waitFor, type MdmChild } from './support';

// An `mdm serve` on a data directory that `mdm train` owns: its HTTP clients (the UI) stop runs
// through it, and it sends those calls to the owner (docs/architecture.md §3).
const home = tempHome('serve-forward');
const db = openStore(path.join(home, 'mdm.sqlite'));
let train: MdmChild | undefined;
let served: Served | undefined;
afterAll(async () => {
  await served?.kill();
  if (train && train.child.exitCode === null && train.child.signalCode === null) {
    process.kill(-train.child.pid!, 'SIGKILL');
    await train.exited;
  }
  db.close();
});

const status = () => db.prepare('SELECT status FROM runs WHERE id = 1').pluck().get() as string;
const checkpoints = () =>
  db.prepare('SELECT step FROM checkpoints WHERE run_id = 1').pluck().all() as number[];

describe('a non-owner mdm serve', { timeout: 300_000 }, () => {
  it('sends runs-stop over HTTP to the mdm train that owns the data directory: the run ends stopped at a checkpoint', async () => {
    train = spawnMdm([
      ...'train --dataset two-moons --model mlp --steps 100000 --sample-every 0 --checkpoint-every 0'.split(
        ' ',
      ),
      ...['--data-dir', home],
    ]);
    const pid = train.child.pid!;
    await waitFor('run 1 to train', () => status() === 'running' && metricSteps(db, 1).length > 5);
    served = await serve(home);

    // The owner's refusal comes back as this server's own error: mdm train resumes nothing.
    const resume = await served.call('runs-resume', { runId: 1 });
    expect(resume).toMatchObject({
      status: 503,
      ok: false,
      error: {
        code: 'unavailable',
        message: `pid ${pid} trains only the runs it started (mdm train, mdm sweep create) and exits after them: resume once it has ended, or from mdm serve or the app`,
      },
    });

    const stop = await served.call<{ id: number; status: string; askedPid: number }>('runs-stop', {
      runId: 1,
    });
    expect(stop).toMatchObject({ status: 200, ok: true, result: { id: 1, askedPid: pid } });
    expect(await train.exited, train.stderr()).toBe(0);
    const stoppedAt = Number(/stopped at step (\d+)\//.exec(train.stdout())?.[1]);
    expect(status()).toBe('stopped');
    expect(checkpoints()).toEqual([stoppedAt]);
    const { result } = await served.call('runs-get', { runId: 1 });
    expect(result.run.status).toBe('stopped');
    expect(result.checkpoints.map((c) => c.step)).toEqual([stoppedAt]);

    // With no live owner left, the server still refuses as before, naming the owner it met.
    expect(await served.call('runs-stop', { runId: 1 })).toMatchObject({
      status: 503,
      error: {
        code: 'unavailable',
        message: `runs in ${home} are trained by another MDM Studio process (pid ${pid}); use that one`,
      },
    });
  });
});
