import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessService, lossStep, type InProcess } from './in-process';
import { inconsistentSummaries, metricSteps, oneTo, toyConfig, waitFor } from './support';

let app: InProcess;
afterAll(async () => app?.close());

const ended = ['completed', 'stopped', 'failed', 'interrupted'];
const count = (table: string, runId: number) =>
  app.db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(runId) as number;

describe('stop, resume and delete through the contract', () => {
  it('a stopped run checkpoints where it stopped; resumed, it completes with the same step count', async () => {
    app = inProcessService('lifecycle', 1);
    const steps = 120;
    const run = await app.call('runs-create', {
      config: toyConfig({ name: 'stop-me', steps, checkpointEvery: 50 }),
    });
    await waitFor('some training', () => lossStep(app.db, run.id) >= 10);
    await app.call('runs-stop', { runId: run.id });
    expect(await app.waitForStatus(run.id, ended)).toBe('stopped');

    const stopped = await app.call('runs-get', { runId: run.id });
    const at = stopped.run.progress.step;
    expect(at).toBeGreaterThanOrEqual(10);
    expect(at).toBeLessThan(steps);
    expect(stopped.run.error).toBeNull();
    expect(stopped.checkpoints.at(-1)?.step).toBe(at);
    expect(existsSync(stopped.checkpoints.at(-1)!.path)).toBe(true);
    expect(metricSteps(app.db, run.id)).toEqual(oneTo(at));

    // Stopping it again, or resuming a run that is not stopped, is refused and changes nothing.
    const again = await app.envelope('runs-stop', { runId: run.id });
    expect(again).toEqual({
      ok: false,
      error: { code: 'conflict', message: `run ${run.id} is stopped and cannot become stopped` },
    });

    await app.call('runs-resume', { runId: run.id });
    expect(await app.waitForStatus(run.id, ['completed', 'failed', 'interrupted'])).toBe(
      'completed',
    );
    const done = await app.call('runs-get', { runId: run.id });
    expect(done.run.progress).toEqual({ step: steps, total: steps });
    expect(metricSteps(app.db, run.id)).toEqual(oneTo(steps));
    expect(inconsistentSummaries(app.db, run.id)).toEqual([]);
    expect(done.run.metrics.loss?.count).toBe(steps);
    const expected = new Set([50, 100, at, steps]);
    expect(done.checkpoints.map((c) => c.step)).toEqual([...expected].sort((a, b) => a - b));
    expect(app.statuses(run.id)).toEqual(['running', 'stopped', 'queued', 'running', 'completed']);

    const resumedAgain = await app.envelope('runs-resume', { runId: run.id });
    expect(resumedAgain).toEqual({
      ok: false,
      error: { code: 'conflict', message: `run ${run.id} is completed and cannot become queued` },
    });
  });

  it('deleting a running run: refused without force (it keeps training), done with force', async () => {
    const run = await app.call('runs-create', {
      config: toyConfig({ name: 'delete-me', steps: 3000, checkpointEvery: 10 }),
    });
    await waitFor('a checkpoint', () => count('checkpoints', run.id) > 0);
    const refused = await app.envelope('runs-delete', { runId: run.id });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: `run ${run.id} is running: stop it first or delete with force`,
      },
    });
    const before = lossStep(app.db, run.id);
    await waitFor('training to go on', () => lossStep(app.db, run.id) > before + 5);
    expect((await app.call('runs-get', { runId: run.id })).run.status).toBe('running');

    const [worker] = app.workers.get(run.id) ?? [];
    let workerExited = false;
    worker!.once('exit', () => (workerExited = true));
    const runDir = app.service.manager!.runDir(run.id);
    expect(existsSync(runDir)).toBe(true);
    expect(await app.call('runs-delete', { runId: run.id, force: true })).toEqual({
      deleted: run.id,
    });
    expect(workerExited).toBe(true);
    expect(existsSync(runDir)).toBe(false);
    for (const table of ['metrics', 'metric_summaries', 'checkpoints', 'samples', 'run_events'])
      expect(count(table, run.id), table).toBe(0);
    expect(app.db.prepare('SELECT count(*) FROM runs WHERE id = ?').pluck().get(run.id)).toBe(0);
    const gone = await app.envelope('runs-get', { runId: run.id });
    expect(gone.ok).toBe(false);

    // Nothing the dead worker had in flight resurrects the run, and the manager goes on.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(count('metrics', run.id)).toBe(0);
    expect(existsSync(runDir)).toBe(false);
    const next = await app.call('runs-create', { config: toyConfig({ name: 'next', steps: 20 }) });
    expect(next.status).toBe('running');
    expect(await app.waitForStatus(next.id, ended)).toBe('completed');
  });
});
