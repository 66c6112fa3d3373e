import { describe, expect, it } from 'vitest';
import { metricSteps, oneTo, useMdmHome, waitFor } from './support';

const store = useMdmHome('resume-backend', { store: true });
const { start, run: mdm } = store;

/** The lines of stderr that are the CLI's own refusals. */
const refusals = (err: string) => err.split('\n').filter((line) => line.startsWith('mdm '));

const stored = (id: number) =>
  store.db
    .prepare(
      `SELECT status, backend, json_extract(config, '$.backend') AS choice FROM runs WHERE id = ?`,
    )
    .get(id) as { status: string; backend: string | null; choice: string };

describe('mdm runs resume --backend', () => {
  it('a run stopped on cpu continues on wasm to the end, every step once; unusable backends are refused', async () => {
    const steps = 150;
    const train = start([
      ...'train --name move-me --dataset two-moons --model mlp --diffusion cld --batch 32'.split(
        ' ',
      ),
      ...'--sample-every 0 --eval-images 0 --checkpoint-every 1000 --backend cpu'.split(' '),
      ...['--steps', String(steps)],
    ]);
    const id = Number(
      (await waitFor('the run id', () => /^run (\d+) \(move-me\)/m.exec(train.stderr())))[1],
    );
    await waitFor('training to be under way', () => metricSteps(store.db, id).length >= 10, 90_000);
    train.child.kill('SIGINT');
    expect(await train.exited, train.stderr()).toBe(0);
    const stoppedAt = metricSteps(store.db, id).length;
    expect(stoppedAt).toBeLessThan(steps);
    expect(
      store.db.prepare('SELECT step FROM checkpoints WHERE run_id = ?').pluck().all(id),
    ).toEqual([stoppedAt]);
    expect(stored(id)).toMatchObject({ status: 'stopped', choice: 'cpu' });
    expect(stored(id).backend).toMatch(/^cpu/);

    // A backend this machine cannot load: one line naming it and why; the run is left as it was.
    const unusable = await mdm(['runs', 'resume', String(id), '--backend', 'node-gpu']);
    expect(unusable.code).toBe(2);
    // (The webgpu probe's native Dawn library may print its own warnings first.)
    expect(refusals(unusable.err)).toEqual([
      expect.stringMatching(/^mdm runs: backend: node-gpu is unavailable here: \S.*$/),
    ]);
    expect(stored(id)).toMatchObject({ status: 'stopped', choice: 'cpu' });
    const unknown = await mdm(['runs', 'resume', String(id), '--backend', 'cuda']);
    expect(unknown.code).toBe(2);
    expect(refusals(unknown.err)).toEqual([expect.stringMatching(/--backend.*cuda/)]);

    const resume = await mdm(['runs', 'resume', String(id), '--backend', 'wasm']);
    expect(resume.code, resume.err).toBe(0);
    expect(resume.err).toContain(`run ${id} (move-me) resumes from step ${stoppedAt}`);
    expect(resume.out).toMatch(
      new RegExp(`^run ${id} move-me: completed at step ${steps}/${steps}`),
    );
    expect(metricSteps(store.db, id)).toEqual(oneTo(steps));
    expect(stored(id)).toMatchObject({ status: 'completed', choice: 'wasm' });
    expect(stored(id).backend).toMatch(/^wasm/);
    const log = store.db
      .prepare('SELECT message FROM run_events WHERE run_id = ? ORDER BY id')
      .pluck()
      .all(id) as string[];
    expect(log.join('\n')).toMatch(new RegExp(`training on wasm[^\\n]* from step ${stoppedAt}`));
  });
});
