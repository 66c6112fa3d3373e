import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnMdm, tempHome, waitFor } from '../runs/support';

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
});
