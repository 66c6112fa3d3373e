import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '#shared/config/run-config';
import { EventBus } from '../../../src-main/backend/events';
import { newRunOf, RunManager } from '../../../src-main/backend/runs/manager';
import { spawnRunWorker } from '../../../src-main/backend/runs/worker-entry';
import {
  createRun,
  listRunEvents,
  openStore,
  setRunProgress,
  setRunStatus,
} from '../../../src-main/backend/store/index';
import { inProcessService, lossStep, type InProcess } from './in-process';
import { tempHome, toyConfig, waitFor } from './support';

let app: InProcess;
afterAll(async () => app?.close());

const ended = ['completed', 'stopped', 'failed', 'interrupted'];
const stoppedTwice = 'running,stopped,queued,running,stopped';
/** The run's log as the UI reads it, through the contract. */
const logOf = async (runId: number) =>
  (await app.call('run-events-list', { runId })).map((e) => `${e.level}: ${e.message}`);
/** The log lines the manager wrote about the run's status (the worker's own lines left out). */
const statusLines = async (runId: number) =>
  (await logOf(runId)).filter((line) =>
    /: (stop requested|stopped|resume queued|resumed from|completed at|failed|interrupted)/.test(
      line,
    ),
  );

describe("every stop, resume and failure is written to the run's log", () => {
  it('logs a stop with its step and checkpoint, the resume queued and the resume from that step', async () => {
    app = inProcessService('status-log', 1);
    const run = await app.call('runs-create', {
      config: toyConfig({ name: 'logged', steps: 3000, checkpointEvery: 1000 }),
    });
    await waitFor('some training', () => lossStep(app.db, run.id) >= 5);
    await app.call('runs-stop', { runId: run.id });
    expect(await app.waitForStatus(run.id, ended)).toBe('stopped');
    const at = (await app.call('runs-get', { runId: run.id })).run.progress.step;
    expect(at).toBeGreaterThanOrEqual(5);
    expect(await statusLines(run.id)).toEqual([
      'info: stop requested: the run saves a checkpoint, then stops',
      `info: stopped at step ${at} (checkpoint saved)`,
    ]);

    await app.call('runs-resume', { runId: run.id });
    await waitFor('training past the stop', () => lossStep(app.db, run.id) > at);
    await app.call('runs-stop', { runId: run.id });
    await waitFor('the second stop', () => app.statuses(run.id).join() === stoppedTwice);
    const lines = await statusLines(run.id);
    expect(lines.slice(2, 4)).toEqual([
      `info: resume queued: it continues from the checkpoint at step ${at}`,
      `info: resumed from step ${at}`,
    ]);
    expect(lines[4]).toBe('info: stop requested: the run saves a checkpoint, then stops');
    expect(lines[5]).toMatch(/^info: stopped at step \d+ \(checkpoint saved\)$/);
    expect(lines).toHaveLength(6);
    // The worker's own account of the resume is still there beside the manager's.
    expect((await logOf(run.id)).join('\n')).toContain(`resumed at step ${at} from`);
  });

  it('logs a resume that fails with the reason, once', async () => {
    const run = await app.call('runs-create', {
      config: toyConfig({ name: 'breaks', steps: 3000, checkpointEvery: 1000 }),
    });
    await waitFor('some training', () => lossStep(app.db, run.id) >= 5);
    await app.call('runs-stop', { runId: run.id });
    expect(await app.waitForStatus(run.id, ended)).toBe('stopped');
    const { checkpoints } = await app.call('runs-get', { runId: run.id });
    // The checkpoint's state survives (the resume is accepted), its weights do not (the worker fails).
    rmSync(path.join(checkpoints.at(-1)!.path, 'model.json'));
    await app.call('runs-resume', { runId: run.id });
    expect(await app.waitForStatus(run.id, ['failed'])).toBe('failed');
    const failed = await app.call('runs-get', { runId: run.id });
    const lines = await statusLines(run.id);
    expect(lines.slice(2)).toEqual([
      `info: resume queued: it continues from the checkpoint at step ${checkpoints.at(-1)!.step}`,
      `info: resumed from step ${checkpoints.at(-1)!.step}`,
      `error: failed: ${failed.run.error}`,
    ]);
    expect(failed.run.error).toMatch(/model\.json/);
    expect((await logOf(run.id)).filter((l) => l.includes(failed.run.error!))).toHaveLength(1);
  });

  it('logs a run stopped while it waits in the queue', async () => {
    const busy = await app.call('runs-create', {
      config: toyConfig({ name: 'busy', steps: 3000 }),
    });
    const waiting = await app.call('runs-create', { config: toyConfig({ name: 'waiting' }) });
    expect(waiting.status).toBe('queued');
    await app.call('runs-stop', { runId: waiting.id });
    expect(await statusLines(waiting.id)).toEqual([
      'info: stopped while queued (it did not train)',
    ]);
    await app.call('runs-delete', { runId: busy.id, force: true });
  });
});

describe('a run the app was training when it went away', () => {
  it('is logged as interrupted, with the reason, when the next owner opens the store', async () => {
    const home = tempHome('status-log-restart');
    const db = openStore(path.join(home, 'mdm.sqlite'));
    try {
      const run = createRun(db, newRunOf(parseRunConfig(toyConfig({ name: 'orphan' }))));
      setRunStatus(db, run.id, 'running');
      setRunProgress(db, run.id, 40);
      const manager = new RunManager({
        db,
        events: new EventBus(),
        dataDir: home,
        maxConcurrent: 1,
        spawnWorker: spawnRunWorker,
      });
      expect(listRunEvents(db, run.id).map((e) => `${e.level}: ${e.message}`)).toEqual([
        'warn: interrupted: MDM Studio stopped while this run was training',
      ]);
      await manager.close();
    } finally {
      db.close();
    }
  });
});
