import { describe, expect, it } from 'vitest';
import { metricSteps, oneTo, useMdmHome, waitFor } from './support';

// The store is created (and migrated) before any child process opens it.
const store = useMdmHome('cli', { store: true });
const { start, run: mdm } = store;

const toyArgs = (steps: number, extra: string[] = []) => [
  ...'train --dataset two-moons --model mlp --diffusion cld --batch 32 --sample-every 0'.split(' '),
  ...['--steps', String(steps), ...extra],
];

describe('mdm train and mdm runs on the store', () => {
  it('`mdm train` exits 0 with the summary; `mdm runs list` shows the run', async () => {
    const train = await mdm(toyArgs(40, ['--name', 'quick', '--eval-images', '128']));
    expect(train.err).toContain('run 1 (quick): cld, K=2, two-moons');
    expect(train.code, train.err).toBe(0);
    expect(train.out).toMatch(
      /^run 1 quick: completed at step 40\/40, protocol custom v1\n {2}loss +\S+\n/,
    );
    expect(train.out).toMatch(/\n {2}test\/npd +\d+\.\d{4} ± \d+\.\d{4}\n/);

    const list = await mdm(['runs', 'list']);
    expect(list.code, list.err).toBe(0);
    const [header, row, ...rest] = list.out.trim().split('\n');
    expect(header).toMatch(
      /^id +name +status +step +dataset +diffusion +K +backend +loss +test bpd\/npd +protocol$/,
    );
    expect(row).toMatch(
      /^1 +quick +completed +40\/40 +two-moons +cld +2 +\S+ +\d+\.\d{4} +\d+\.\d{4} +custom v1$/,
    );
    expect(rest).toEqual([]);
  });

  it('Ctrl-C during `mdm train` stops the run at a checkpoint; `mdm runs resume` completes it', async () => {
    const steps = 200;
    const train = start(
      toyArgs(steps, [
        '--name',
        'interrupt-me',
        '--checkpoint-every',
        '1000',
        '--eval-images',
        '0',
      ]),
    );
    const id = Number(
      (await waitFor('the run id', () => /^run (\d+) \(interrupt-me\)/m.exec(train.stderr())))[1],
    );
    const lossSteps = () => metricSteps(store.db, id).length;
    await waitFor('training to be under way', () => lossSteps() >= 15);
    train.child.kill('SIGINT');
    expect(await train.exited, train.stderr()).toBe(0);
    expect(train.stderr()).toContain(
      'stopping: finishing the current step and saving a checkpoint',
    );
    const stoppedAt = Number(
      new RegExp(
        `^run ${id} interrupt-me: stopped at step (\\d+)/200, protocol custom v1$`,
        'm',
      ).exec(train.stdout())?.[1],
    );
    expect(stoppedAt).toBeGreaterThanOrEqual(15);
    expect(stoppedAt).toBeLessThan(steps);
    const checkpoints = store.db
      .prepare('SELECT step FROM checkpoints WHERE run_id = ?')
      .pluck()
      .all(id);
    expect(checkpoints).toEqual([stoppedAt]);
    expect(metricSteps(store.db, id)).toEqual(oneTo(stoppedAt));

    const resume = await mdm(['runs', 'resume', String(id)]);
    expect(resume.code, resume.err).toBe(0);
    expect(resume.err).toContain(`run ${id} (interrupt-me) resumes from step ${stoppedAt}`);
    expect(resume.out).toMatch(
      new RegExp(
        `^run ${id} interrupt-me: completed at step ${steps}/${steps}, protocol custom v1\n`,
      ),
    );
    expect(metricSteps(store.db, id)).toEqual(oneTo(steps));
    expect(store.db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(id)).toBe(
      'completed',
    );
  });

  it('kill -9 of `mdm train`: `mdm runs resume` continues from the last checkpoint to completion', async () => {
    const steps = 1000; // long enough that a loaded machine still sees it mid-run
    const train = start(
      toyArgs(steps, ['--name', 'crash-me', '--checkpoint-every', '20', '--eval-images', '0']),
    );
    const id = Number(
      (await waitFor('the run id', () => /^run (\d+) \(crash-me\)/m.exec(train.stderr())))[1],
    );
    const checkpoint = () =>
      store.db.prepare('SELECT max(step) FROM checkpoints WHERE run_id = ?').pluck().get(id) as
        number | null;
    await waitFor('a checkpoint and training past it', () => {
      const at = checkpoint();
      return at !== null && at >= 40 && metricSteps(store.db, id).length > at + 5;
    });
    process.kill(-train.child.pid!, 'SIGKILL');
    expect(await train.exited).toBe('SIGKILL');
    const last = checkpoint()!;
    const recorded = metricSteps(store.db, id);
    expect(recorded).toEqual(oneTo(recorded.length));
    expect(recorded.length).toBeGreaterThan(last);

    const resume = await mdm(['runs', 'resume', String(id)]);
    expect(resume.code, resume.err).toBe(0);
    expect(resume.err).toMatch(
      new RegExp(`run ${id} \\(crash-me\\) resumes from step ${last}$`, 'm'),
    );
    expect(resume.out).toMatch(
      new RegExp(`^run ${id} crash-me: completed at step ${steps}/${steps}, protocol custom v1\n`),
    );
    expect(metricSteps(store.db, id)).toEqual(oneTo(steps));
    const log = store.db
      .prepare('SELECT message FROM run_events WHERE run_id = ? ORDER BY id')
      .pluck()
      .all(id) as string[];
    expect(log.join('\n')).toContain(`resumed at step ${last} from`);
  });
});
