import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../faults/served';
import { metricSteps, useMdmHome, waitFor, type MdmResult } from './support';

// A second process's `mdm runs|sweep stop|resume` goes to the process that owns the data directory.
const store = useMdmHome('owner-forward', { store: true });
/** `start` for the owners; `mdm` runs a second process to its end. */
const { home, start, run: mdm } = store;
const socket = path.join(home, 'control.sock');

/** Long enough never to end on its own: every run here ends by a stop. */
const toy = ['--model', 'mlp', '--steps', '100000', '--sample-every', '0'];

const status = (runId: number) =>
  store.db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId) as string | undefined;
const checkpoints = (runId: number) =>
  store.db.prepare('SELECT step FROM checkpoints WHERE run_id = ?').pluck().all(runId) as number[];
const log = (runId: number) =>
  (
    store.db
      .prepare('SELECT message FROM run_events WHERE run_id = ? ORDER BY id')
      .pluck()
      .all(runId) as string[]
  ).join('\n');
const training = (runId: number) =>
  waitFor(
    `run ${runId} to train`,
    () => status(runId) === 'running' && metricSteps(store.db, runId).length > 5,
  );
const ended = (runId: number, as: string) =>
  waitFor(`run ${runId} ${as}`, () => status(runId) === as);
const asked = (pid: number) => `(asked pid ${pid}, the process that trains ${home})`;

describe('stop and resume from a second process', { timeout: 600_000 }, () => {
  let missing: MdmResult;

  it('`mdm sweep stop` stops the sweep `mdm sweep create` trains; that owner refuses resumes', async () => {
    const sweep = start([
      ...'sweep create --dataset two-moons --diffusions vpsde,cld --seeds 1 --protocol custom'.split(
        ' ',
      ),
      ...toy,
    ]);
    const pid = sweep.child.pid!;
    await training(1);
    expect(statSync(socket).mode & 0o777).toBe(0o600);

    missing = await mdm(['runs', 'stop', '99']);
    expect(missing).toEqual({ code: 2, out: '', err: 'mdm runs: run 99 does not exist' });
    const resume = await mdm(['runs', 'resume', '2']);
    expect(resume.code).toBe(2);
    expect(resume.err).toBe(
      `mdm runs: pid ${pid} trains only the runs it started (mdm train, mdm sweep create) and exits after them: start or resume runs once it has ended, or from mdm serve or the app`,
    );

    const stop = await mdm(['sweep', 'stop', '1']);
    expect(stop, stop.err).toMatchObject({ code: 0, out: `sweep 1 stopping ${asked(pid)}\n` });
    expect(await sweep.exited, sweep.stderr()).toBe(0);
    expect([status(1), status(2)]).toEqual(['stopped', 'stopped']);
    const stopped =
      /stop requested: the run saves a checkpoint, then stops\nstopped at step (\d+) \(checkpoint saved\)$/;
    // A sweep checkpoints every 250 steps too: the stop's checkpoint is the last.
    expect(checkpoints(1).at(-1)).toBe(Number(stopped.exec(log(1))?.[1]));
    expect(log(2)).toContain('stopped while queued (it did not train)');
  });

  it('`mdm runs stop` stops the run `mdm train` trains: it ends stopped at a checkpoint', async () => {
    // --checkpoint-every 0: the stop's checkpoint is its only one.
    const head = 'train --dataset two-moons --name forwarded --checkpoint-every 0'.split(' ');
    const train = start([...head, ...toy]);
    await training(3);
    const stop = await mdm(['runs', 'stop', '3']);
    expect(stop, stop.err).toMatchObject({
      code: 0,
      out: `run 3 stopping ${asked(train.child.pid!)}\n`,
    });
    expect(await train.exited, train.stderr()).toBe(0);
    const stoppedAt = Number(
      /^run 3 forwarded: stopped at step (\d+)\//m.exec(train.stdout())?.[1],
    );
    expect(checkpoints(3)).toEqual([stoppedAt]);
    expect(log(3)).toContain(`stopped at step ${stoppedAt} (checkpoint saved)`);
  });

  it('a kill -9’d owner’s socket does not block the next owner: `mdm serve` takes stops and resumes', async () => {
    const crashed = start(['train', '--dataset', 'two-moons', ...toy]);
    await training(4);
    process.kill(-crashed.child.pid!, 'SIGKILL');
    expect(await crashed.exited).toBe('SIGKILL');
    expect(existsSync(socket)).toBe(true);

    const served = await serve(home);
    const pid = served.mdm.child.pid!;
    const resume = await mdm(['runs', 'resume', '3']);
    expect(resume.code, resume.err).toBe(0);
    expect(resume.err).toMatch(
      new RegExp(
        `^run 3 \\(forwarded\\) resumes from step ${checkpoints(3)[0]} \\(asked pid ${pid},`,
      ),
    );
    await training(3);
    expect(await mdm(['runs', 'stop', '3'])).toMatchObject({
      code: 0,
      out: `run 3 stopping ${asked(pid)}\n`,
    });
    await ended(3, 'stopped');

    const sweepResume = await mdm(['sweep', 'resume', '1']);
    expect(sweepResume.code, sweepResume.err).toBe(0);
    expect(sweepResume.err).toContain(`: 2 runs resume ${asked(pid)}`);
    await training(1);
    expect(await mdm(['sweep', 'stop', '1'])).toMatchObject({
      code: 0,
      out: `sweep 1 stopping ${asked(pid)}\n`,
    });
    await ended(1, 'stopped');
    await ended(2, 'stopped');

    served.mdm.child.kill('SIGTERM');
    expect(await served.mdm.exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
  });

  it('with no owner, a missing run is the same error, with the same exit code', async () => {
    expect(await mdm(['runs', 'stop', '99'])).toEqual(missing);
  });
});
