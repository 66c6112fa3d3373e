import { afterAll, describe, expect, it } from 'vitest';
import { inProcessService } from './in-process';
import { waitFor } from './support';

const app = inProcessService('sweep-stop', 1);
afterAll(() => app.close());

describe('stopping and resuming a sweep', { timeout: 900_000 }, () => {
  it('stops every member run and resumes them all to completion', async () => {
    const sweep = await app.call('sweeps-create', {
      spec: {
        name: 'stop-me',
        protocol: 'budget',
        dataset: 'two-moons',
        diffusions: [
          { label: 'vpsde', choice: { preset: 'vpsde' } },
          { label: 'cld', choice: { preset: 'cld' } },
        ],
        seeds: [0],
        settings: { model: 'mlp', steps: 400, sampleEvery: 0, checkpointEvery: 20 },
      },
    });
    expect(sweep.total).toBe(2);
    const ids = (await app.call('sweeps-show', { sweepId: sweep.id })).members.map((m) => m.runId);
    const [first, second] = ids as [number, number];
    await app.waitForStatus(first, ['running']);
    await waitFor('a checkpoint of the first run', () =>
      app.events.find((e) => e.name === 'checkpoint-saved' && e.payload.runId === first),
    );

    const stopped = await app.call('sweeps-stop', { sweepId: sweep.id });
    expect(stopped.counts.running ?? 0).toBeLessThanOrEqual(1); // the running one stops at a checkpoint
    await app.waitForStatus(first, ['stopped']);
    expect(app.statuses(second)).toEqual(['stopped']); // queued, never started
    const afterStop = await app.call('sweeps-show', { sweepId: sweep.id });
    expect(afterStop.sweep.status).toBe('stopped');
    const stoppedAt = afterStop.members[0]!.run.progress.step;
    expect(stoppedAt).toBeLessThan(400);

    const resumed = await app.call('sweeps-resume', { sweepId: sweep.id });
    expect(resumed.status).toBe('running');
    for (const id of ids) await app.waitForStatus(id, ['completed'], 600_000);
    const done = await app.call('sweeps-show', { sweepId: sweep.id });
    expect(done.sweep.status).toBe('completed');
    expect(done.members.map((m) => m.run.progress.step)).toEqual([400, 400]);
    expect(done.results.map((r) => [r.label, r.done, r.metric])).toEqual([
      ['vpsde', 1, 'test/npd'],
      ['cld', 1, 'test/npd'],
    ]);
    // Created queued (no event), stopped at a checkpoint, queued again by resume, then trained to the end.
    expect(app.statuses(first)).toEqual(['running', 'stopped', 'queued', 'running', 'completed']);
    expect(app.events.filter((e) => e.name === 'sweep-changed')).toHaveLength(3);
  });
});
