import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '#shared/config/run-config';
import { newRunOf } from '../../../src-main/backend/runs/manager';
import {
  createRun,
  createSweep,
  openStore,
  setRunStatus,
} from '../../../src-main/backend/store/index';
import { spawnMdm, tempHome, toyConfig, waitFor } from '../runs/support';

/** `mdm ARGS --json` in `home`, parsed; fails on a non-zero exit. */
async function mdmJson<T>(home: string, args: string[]): Promise<T> {
  const child = spawnMdm([...args, '--json'], { MDM_HOME: home });
  expect(await child.exited, child.stderr()).toBe(0);
  return JSON.parse(child.stdout()) as T;
}

type Page = { runs: { id: number; name: string; status: string }[]; total: number };
const listed = (home: string, status: string) =>
  mdmJson<Page>(home, ['runs', 'list', '--status', status]);

/** Issue 14 problem 3: readers derive "running" from the owner's liveness, not from a row a dead process left. */
describe('honest states', () => {
  it('after kill -9 of `mdm train`, `mdm runs list --json` says interrupted without any owner opening the data dir', async () => {
    const home = tempHome('faults-honest');
    const train = spawnMdm(
      [
        ...'train --dataset two-moons --model mlp --diffusion cld --steps 5000 --batch 32'.split(
          ' ',
        ),
        ...'--sample-every 0 --checkpoint-every 50 --eval-images 0'.split(' '),
      ],
      { MDM_HOME: home },
    );
    const file = path.join(home, 'mdm.sqlite');
    await waitFor(
      'the run to train',
      () => {
        try {
          const db = new Database(file, { readonly: true, fileMustExist: true });
          try {
            const step = db.prepare('SELECT max(step) FROM metrics').pluck().get() as number | null;
            return (step ?? 0) > 10;
          } finally {
            db.close();
          }
        } catch {
          return false;
        }
      },
      90_000,
      200,
    );
    process.kill(-train.child.pid!, 'SIGKILL');
    expect(await train.exited).toBe('SIGKILL');

    const list = spawnMdm(['runs', 'list', '--json'], { MDM_HOME: home });
    expect(await list.exited).toBe(0);
    const page = JSON.parse(list.stdout()) as { runs: { status: string; error: string }[] };
    expect(page.runs).toHaveLength(1);
    expect(page.runs[0]).toMatchObject({
      status: 'interrupted',
      error: 'the process training this run ended without finishing it',
    });
    // Nothing was written: the row still says running until an owner takes the data directory over.
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT status FROM runs').pluck().get()).toBe('running');
    db.close();
  });

  it("`--status` filters and counts by the status runs read as: a dead owner's running run is interrupted, a live one's running", async () => {
    const home = tempHome('faults-filter');
    const db = openStore(path.join(home, 'mdm.sqlite'));
    const orphan = createRun(db, newRunOf(parseRunConfig(toyConfig({ name: 'orphan' })))).id;
    setRunStatus(db, orphan, 'running');
    createSweep(
      db,
      {
        name: 'grid',
        protocol: 'custom',
        dataset: 'two-moons',
        diffusions: [{ label: 'cld', choice: { preset: 'cld' } }],
        seeds: [0],
      },
      [{ runId: orphan, label: 'cld', seed: 0, variant: '' }],
    );
    db.close();

    expect(await listed(home, 'running')).toEqual({ runs: [], total: 0 });
    // In words, an empty filter says what it filtered, not that the store is empty.
    const words = spawnMdm(['runs', 'list', '--status', 'running'], { MDM_HOME: home });
    expect(await words.exited).toBe(0);
    expect(words.stdout().trim()).toBe('no running runs');
    const interrupted = await listed(home, 'interrupted');
    expect(interrupted.total).toBe(1);
    expect(interrupted.runs.map((r) => [r.id, r.status])).toEqual([[orphan, 'interrupted']]);
    const [sweep] = await mdmJson<{ status: string; counts: object }[]>(home, ['sweep', 'list']);
    expect(sweep).toMatchObject({ status: 'stopped', counts: { interrupted: 1 } });

    const train = spawnMdm(
      [
        ...'train --name live --dataset two-moons --model mlp --diffusion cld --steps 100000'.split(
          ' ',
        ),
        ...'--batch 32 --sample-every 0 --checkpoint-every 0 --eval-images 0'.split(' '),
      ],
      { MDM_HOME: home },
    );
    try {
      const running = await waitFor(
        'the live run to train',
        async () => {
          const page = await listed(home, 'running');
          return page.total === 1 ? page : null;
        },
        90_000,
        500,
      );
      expect(running.runs.map((r) => [r.name, r.status])).toEqual([['live', 'running']]);
      const stillInterrupted = await listed(home, 'interrupted');
      expect(stillInterrupted.runs.map((r) => r.id)).toEqual([orphan]);
      expect(stillInterrupted.total).toBe(1);
    } finally {
      process.kill(-train.child.pid!, 'SIGKILL');
      await train.exited;
    }
    // Its owner killed too, the live run now reads as interrupted beside the orphan.
    expect(await listed(home, 'running')).toEqual({ runs: [], total: 0 });
    expect((await listed(home, 'interrupted')).total).toBe(2);
  });
});
