import { afterAll, describe, expect, it } from 'vitest';
import { inProcessService, lossStep, type InProcess } from './in-process';
import { metricSteps, oneTo, toyConfig, waitFor } from './support';

let app: InProcess;
afterAll(async () => app?.close());

describe('two runs with a limit of one run at a time', () => {
  it('the second waits in the queue, then runs and completes', async () => {
    app = inProcessService('queue', 1);
    const first = await app.call('runs-create', { config: toyConfig({ name: 'a', steps: 80 }) });
    const second = await app.call('runs-create', { config: toyConfig({ name: 'b', steps: 40 }) });
    expect(first.status).toBe('running');
    expect(second.status).toBe('queued');

    await waitFor('the first run to train', () => lossStep(app.db, first.id) >= 20);
    const waiting = await app.call('runs-get', { runId: second.id });
    expect(waiting.run.status).toBe('queued');
    expect(waiting.run.startedAt).toBeNull();
    expect(lossStep(app.db, second.id)).toBe(0);
    expect(app.workers.has(second.id)).toBe(false);

    expect(await app.waitForStatus(second.id, ['completed', 'failed', 'interrupted'])).toBe(
      'completed',
    );
    expect(app.statuses(first.id)).toEqual(['running', 'completed']);
    expect(app.statuses(second.id)).toEqual(['running', 'completed']);
    const order = app.events
      .filter((e) => e.name === 'run-status-changed')
      .map((e) => `${e.payload.runId === first.id ? 'a' : 'b'} ${e.payload.status as string}`);
    expect(order).toEqual(['a running', 'a completed', 'b running', 'b completed']);

    const a = (await app.call('runs-get', { runId: first.id })).run;
    const b = (await app.call('runs-get', { runId: second.id })).run;
    expect(a.startedAt).not.toBeNull();
    expect(b.startedAt).toBeGreaterThanOrEqual(a.endedAt!);
    expect(b.endedAt).toBeGreaterThanOrEqual(b.startedAt!);
    const firstPointOfB = app.db
      .prepare('SELECT min(time) FROM metrics WHERE run_id = ?')
      .pluck()
      .get(second.id) as number;
    expect(firstPointOfB).toBeGreaterThanOrEqual(a.endedAt!);
    expect(metricSteps(app.db, first.id)).toEqual(oneTo(80));
    expect(metricSteps(app.db, second.id)).toEqual(oneTo(40));
    expect([...app.workers.keys()]).toEqual([first.id, second.id]);
  });
});
