import { afterAll, describe, expect, it } from 'vitest';
import type { Run } from '#shared/api/runs';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { dispatch } from '../../../src-main/backend/dispatch';
import { spawnRunWorker } from '../../../src-main/backend/runs/worker-entry';
import { createBackendService } from '../../../src-main/backend/service';
import { inProcessService, lossStep, type InProcess } from './in-process';
import { inconsistentSummaries, metricSteps, oneTo, tempHome, toyConfig, waitFor } from './support';

let app: InProcess;
afterAll(async () => app?.close());

describe('a run whose worker thread dies', () => {
  it('is marked interrupted with the reason while the manager keeps serving other runs', async () => {
    app = inProcessService('worker-kill', 2);
    const victim = await app.call('runs-create', {
      config: toyConfig({ name: 'victim', steps: 2000, checkpointEvery: 20 }),
    });
    const survivor = await app.call('runs-create', {
      config: toyConfig({ name: 'survivor', steps: 150 }),
    });
    await waitFor('the victim to checkpoint and train on', () => {
      const detail = app.db
        .prepare('SELECT max(step) FROM checkpoints WHERE run_id = ?')
        .pluck()
        .get(victim.id) as number | null;
      return detail !== null && lossStep(app.db, victim.id) > detail && detail;
    });
    const [worker] = app.workers.get(victim.id) ?? [];
    expect(worker).toBeDefined();
    await worker!.terminate();

    await app.waitForStatus(victim.id, ['interrupted', 'failed']);
    const dead = await app.call('runs-get', { runId: victim.id });
    expect(dead.run.status).toBe('interrupted');
    expect(dead.run.error).toMatch(/^the worker exited \(code 1\) at step \d+ without finishing$/);
    const diedAt = lossStep(app.db, victim.id);
    expect(diedAt).toBeLessThan(2000);
    expect(metricSteps(app.db, victim.id)).toEqual(oneTo(diedAt));
    expect(inconsistentSummaries(app.db, victim.id)).toEqual([]);

    // The other run was not disturbed, and new runs are still taken and finished.
    expect(await app.waitForStatus(survivor.id, ['completed', 'failed', 'interrupted'])).toBe(
      'completed',
    );
    expect(metricSteps(app.db, survivor.id)).toEqual(oneTo(150));
    const later = await app.call('runs-create', {
      config: toyConfig({ name: 'later', steps: 40 }),
    });
    expect(await app.waitForStatus(later.id, ['completed', 'failed', 'interrupted'])).toBe(
      'completed',
    );
    expect(app.statuses(victim.id)).toEqual(['running', 'interrupted']);

    // And the victim itself resumes from its last checkpoint (shortened: only the resume matters here).
    const checkpoint = (await app.call('runs-get', { runId: victim.id })).checkpoints.at(-1)!;
    await app.call('runs-resume', { runId: victim.id });
    await waitFor('the resumed victim to train past its checkpoint', () =>
      lossStep(app.db, victim.id) > checkpoint.step + 5 ? true : undefined,
    );
    expect(metricSteps(app.db, victim.id).slice(0, checkpoint.step + 5)).toEqual(
      oneTo(checkpoint.step + 5),
    );
    await app.call('runs-stop', { runId: victim.id });
    expect(await app.waitForStatus(victim.id, ['stopped', 'failed'])).toBe('stopped');
  });

  it('a worker that cannot be started fails its run with the reason; other runs still train', async () => {
    let attempts = 0;
    const service = createBackendService({
      dataDir: tempHome('spawn-fail'),
      probeBackends: probeComputeBackends,
      spawnWorker: () => {
        if (attempts++ === 0) throw new Error('EMFILE: too many open files');
        return spawnRunWorker();
      },
    });
    const ended = new Map<number, string>();
    service.events.subscribe((name, payload) => {
      if (name === 'run-status-changed' && payload.status !== 'running')
        ended.set(payload.runId, payload.status);
    });
    const handlers = service.handlers('ipc');
    try {
      const create = async (name: string) => {
        const reply = await dispatch(handlers, 'runs-create', {
          config: toyConfig({ name, steps: 15 }),
        });
        expect(reply.ok, JSON.stringify(reply)).toBe(true);
        return (reply as { result: Run }).result;
      };
      const bad = await create('no-worker');
      expect(bad.status).toBe('failed');
      expect(bad.error).toBe('could not start a worker thread: EMFILE: too many open files');
      const good = await create('fine');
      expect(good.status).toBe('running');
      await waitFor('the second run to end', () => ended.get(good.id) === 'completed');
      await dispatch(handlers, 'runs-resume', { runId: bad.id });
      await waitFor('the failed run, resumed, to end', () => ended.get(bad.id) === 'completed');
    } finally {
      await service.close();
    }
  });
});
