import { afterAll, describe, expect, it } from 'vitest';
import type { Events } from '../../../src-shared/api/contract';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import type { AnyEvent } from '../../../src-main/backend/events';
import { createBackendService, type BackendService } from '../../../src-main/backend/service';
import { OWNER_GONE } from '../../../src-main/backend/store/shown-status';
import { useMdmHome, waitFor } from './support';

// A service that does not own its data directory reports, as events, what the owner (`mdm train`) writes (docs/architecture.md §3).
const store = useMdmHome('store-follow', { store: true });
const toy = '--dataset two-moons --model mlp --steps 100000 --sample-every 0'.split(' ');

let service: BackendService;
const seen: AnyEvent[] = [];
afterAll(() => service?.close());

const of = <E extends AnyEvent[0]>(name: E, runId: number) =>
  seen
    .filter((e) => e[0] === name && (e[1] as { runId: number }).runId === runId)
    .map((e) => e[1] as Events[E]);
const status = (runId: number) =>
  store.db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId) as string | undefined;
/** `key@step` of every point the store holds for a run from `fromStep` on, sorted. */
const stored = (runId: number, fromStep: Map<string, number>) =>
  (
    store.db
      .prepare('SELECT key, step FROM metrics WHERE run_id = ? ORDER BY key, step')
      .all(runId) as { key: string; step: number }[]
  )
    .filter((p) => p.step >= (fromStep.get(p.key) ?? 0))
    .map((p) => `${p.key}@${p.step}`);
/** `key@step` of every point the service emitted for a run (duplicates kept), sorted, and each key's first step. */
const emitted = (runId: number) => {
  const points = of('metrics-appended', runId).flatMap((e) => e.points);
  const first = new Map<string, number>();
  for (const p of points) first.set(p.key, Math.min(first.get(p.key) ?? p.step, p.step));
  const keys = points.map((p) => `${p.key}@${p.step}`);
  return { keys: keys.sort((a, b) => a.localeCompare(b)), first };
};
const sortedStored = (runId: number, fromStep: Map<string, number>) =>
  stored(runId, fromStep).sort((a, b) => a.localeCompare(b));

describe('a non-owner service follows the store', { timeout: 300_000 }, () => {
  it('reports the progress, metrics, log and stop of a run `mdm train` trains', async () => {
    const train = store.start(['train', ...toy, '--name', 'followed']);
    await waitFor('run 1 to train', () => status(1) === 'running', 120_000);
    service = createBackendService({
      dataDir: store.home,
      probeBackends: probeComputeBackends,
      trainsAllQueued: true,
      followStore: true,
    });
    expect(service.manager).toBeNull();
    service.events.subscribe((...event) => seen.push(event));

    await waitFor('three progress events', () => of('run-progressed', 1).length >= 3);
    const steps = of('run-progressed', 1).map((e) => e.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(steps).size).toBe(steps.length);
    await waitFor('two metric batches', () => of('metrics-appended', 1).length >= 2);

    const stop = await service.handlers('ipc')['runs-stop']({ runId: 1 });
    expect(stop.askedPid).toBe(train.child.pid);
    expect(await train.exited, train.stderr()).toBe(0);
    await waitFor('the stopped status', () =>
      of('run-status-changed', 1).some((e) => e.status === 'stopped'),
    );
    await waitFor('the stop logged', () =>
      of('run-event-added', 1).some((e) => /^stopped at step \d+/.test(e.message)),
    );
    const { keys, first } = emitted(1);
    expect(first.size).toBeGreaterThan(0);
    expect(keys).toEqual(sortedStored(1, first));
    expect(new Set(keys).size).toBe(keys.length);
    expect(of('checkpoint-saved', 1).length).toBeGreaterThan(0);
  });

  it('reports a new run from its first record, and its interruption when the owner is killed', async () => {
    // A learned diffusion records Q and D every 10 steps.
    const train = store.start(['train', ...toy, '--diffusion', 'learned-2', '--name', 'killed']);
    await waitFor('run 2 to be seen training', () =>
      of('run-status-changed', 2).some((e) => e.status === 'running'),
    );
    await waitFor('two metric batches', () => of('metrics-appended', 2).length >= 2);
    process.kill(-train.child.pid!, 'SIGKILL');
    await train.exited;
    const interrupted = await waitFor('the interruption', () =>
      of('run-status-changed', 2).find((e) => e.status === 'interrupted'),
    );
    expect(interrupted.error).toBe(OWNER_GONE);
    expect(status(2)).toBe('running');
    // A run born after the service started is reported whole: every point, once.
    const { keys } = emitted(2);
    expect(keys).toEqual(sortedStored(2, new Map()));
    const params = store.db.prepare(
      'SELECT step FROM diffusion_params WHERE run_id = 2 ORDER BY step',
    );
    const recorded = of('diffusion-params-recorded', 2).map((e) => e.step);
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded).toEqual(params.pluck().all());
    const lines = store.db.prepare('SELECT id FROM run_events WHERE run_id = 2 ORDER BY id');
    expect(of('run-event-added', 2).map((e) => e.id)).toEqual(lines.pluck().all());
  });
});
