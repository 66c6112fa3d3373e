import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/backend/store/index';
import { serve, type Served } from '../faults/served';
import type { Handlers } from '#shared/api/contract';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { createBackendService, type BackendService } from '../../../src-main/backend/service';
import { metricSteps, spawnMdm, tempHome, toyConfig, waitFor, type MdmChild } from './support';

// An `mdm serve` on a data directory that `mdm train` owns: its HTTP clients (the UI) stop runs
// through it, and it sends those calls to the owner (docs/architecture.md §3). And a non-owner
// service (the app) beside an owning `mdm serve`: it creates, duplicates and deletes runs and
// sweeps there.
const home = tempHome('serve-forward');
const db = openStore(path.join(home, 'mdm.sqlite'));
let train: MdmChild | undefined;
let served: Served | undefined;
let owner: Served | undefined;
let app: BackendService | undefined;
afterAll(async () => {
  await app?.close();
  await owner?.kill();
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

    // The owner's refusal comes back as this server's own error: mdm train starts no other runs.
    const refusal = {
      status: 503,
      ok: false,
      error: {
        code: 'unavailable',
        message: `pid ${pid} trains only the runs it started (mdm train, mdm sweep create) and exits after them: start or resume runs once it has ended, or from mdm serve or the app`,
      },
    };
    expect(await served.call('runs-resume', { runId: 1 })).toMatchObject(refusal);
    expect(await served.call('runs-create', { config: toyConfig() })).toMatchObject(refusal);
    expect(await served.call('runs-duplicate', { runId: 1 })).toMatchObject(refusal);
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);

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

/** Waits for a run, read through `handlers`, to end; its detail. */
const ended = (handlers: Handlers, runId: number) =>
  waitFor(
    `run ${runId} to end`,
    async () => {
      const detail = await handlers['runs-get']({ runId });
      return !['queued', 'running'].includes(detail.run.status) && detail;
    },
    120_000,
    200,
  );

describe('a non-owner app beside an owning mdm serve', { timeout: 300_000 }, () => {
  const dir = tempHome('serve-forward-create');
  it('creates, duplicates and deletes runs and creates a sweep there; the owner trains them', async () => {
    owner = await serve(dir);
    const pid = owner.mdm.child.pid!;
    app = createBackendService({
      dataDir: dir,
      probeBackends: probeComputeBackends,
      trainsAllQueued: true,
    });
    expect(app.manager).toBeNull();
    const handlers = app.handlers('ipc');

    const created = await handlers['runs-create']({
      config: toyConfig({ name: 'made-here', steps: 60, checkpointEvery: 0 }),
    });
    expect(created).toMatchObject({ name: 'made-here', askedPid: pid });
    expect((await ended(handlers, created.id)).run).toMatchObject({
      status: 'completed',
      progress: { step: 60, total: 60 },
    });

    const copy = await handlers['runs-duplicate']({ runId: created.id, name: 'copy' });
    expect(copy).toMatchObject({ name: 'copy', askedPid: pid });
    expect((await ended(handlers, copy.id)).run.status).toBe('completed');

    expect(await handlers['runs-delete']({ runId: copy.id })).toEqual({
      deleted: copy.id,
      askedPid: pid,
    });
    await expect(handlers['runs-get']({ runId: copy.id })).rejects.toMatchObject({
      code: 'not_found',
    });

    const sweep = await handlers['sweeps-create']({
      spec: {
        name: 'forwarded',
        protocol: 'custom',
        dataset: 'two-moons',
        diffusions: [{ label: 'cld', choice: { preset: 'cld' } }],
        seeds: [0, 1],
        settings: { model: 'mlp', steps: 50, batchSize: 32, sampleEvery: 0, evalImages: 0 },
      },
    });
    expect(sweep).toMatchObject({ total: 2, askedPid: pid });
    const detail = await handlers['sweeps-show']({ sweepId: sweep.id });
    for (const { runId } of detail.members)
      expect((await ended(handlers, runId)).run.status).toBe('completed');
    expect((await handlers['sweeps-show']({ sweepId: sweep.id })).sweep.status).toBe('completed');
    expect(owner.alive()).toBe(true);
  });

  it('mdm train there queues its run in the owner and exits; the owner trains it', async () => {
    const pid = owner!.mdm.child.pid!;
    const train = spawnMdm([
      ...'train --dataset two-moons --model mlp --steps 40 --sample-every 0 --eval-images 0'.split(
        ' ',
      ),
      ...['--data-dir', dir],
    ]);
    expect(await train.exited, train.stderr()).toBe(0);
    const id = Number(/^run (\d+) /m.exec(train.stderr())?.[1]);
    expect(train.stderr()).toContain(`(asked pid ${pid}, the process that trains ${dir})`);
    expect((await ended(app!.handlers('ipc'), id)).run.status).toBe('completed');
  });
});
