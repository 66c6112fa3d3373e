import type { Events } from '#shared/api/contract';
import type { EventBus } from '../events';
import {
  diffusionParamsSteps,
  listCheckpoints,
  listRunEvents,
  listSamples,
  listSweeps,
  metricSeries,
  metricSummaries,
  runStates,
  type RunState,
  type StoreDb,
} from '../store/index';
import { liveOwner } from './owner-lock';

/** The newest record of each kind a follower has reported for one run. */
interface Marks {
  /** Last step per metric key. */
  metrics: Map<string, number>;
  sampleId: number;
  eventId: number;
  checkpointStep: number;
  paramsStep: number;
}

/** What the follower last saw of one run. */
interface Seen {
  run: RunState;
  /** Null until the run is first followed: then taken from the store, reporting nothing older. */
  marks: Marks | null;
  /** The last poll (counted in polls that found a change) in which this run's records are read. */
  followUntil: number;
}

const NONE = Number.MIN_SAFE_INTEGER;
/** Polls a run stays followed after it last ran or changed: its owner logs its ending just after the status. */
const LINGER = 2;

const emptyMarks = (): Marks => ({
  metrics: new Map(),
  sampleId: NONE,
  eventId: 0,
  checkpointStep: NONE,
  paramsStep: NONE,
});

/**
 * Makes a service that does not own its data directory's runs report what their owner (another
 * process) writes: every `pollMs` it asks SQLite whether another connection committed
 * (`PRAGMA data_version`) or the owner died, and only then reads the store and emits the events
 * the owner's RunManager emits in its own process (docs/architecture.md §3).
 */
export function followStore(
  db: StoreDb,
  events: EventBus,
  dataDir: string,
  pollMs = 750,
): { stop(): void } {
  const runs = new Map<number, Seen>();
  const sweeps = new Map<number, string>();
  const version = () => db.pragma('data_version', { simple: true }) as number;
  let lastVersion = version();
  let alive = liveOwner(dataDir) !== null;
  let poll = 0;

  /** The marks of what the store holds now: nothing before them is reported. */
  const currentMarks = (runId: number): Marks => {
    const marks = emptyMarks();
    for (const s of metricSummaries(db, runId)) marks.metrics.set(s.key, s.lastStep);
    marks.sampleId = Math.max(NONE, ...listSamples(db, runId).map((s) => s.id));
    marks.checkpointStep = Math.max(NONE, ...listCheckpoints(db, runId).map((c) => c.step));
    marks.paramsStep = diffusionParamsSteps(db, runId, NONE).at(-1) ?? NONE;
    for (let page = listRunEvents(db, runId); page.length > 0;) {
      marks.eventId = page.at(-1)!.id;
      page = listRunEvents(db, runId, { afterId: marks.eventId });
    }
    return marks;
  };

  /** Emits the metric points, samples, checkpoints, Q/D and log lines a run recorded after its marks. */
  const report = (runId: number, marks: Marks) => {
    const points: Events['metrics-appended']['points'] = [];
    for (const summary of metricSummaries(db, runId)) {
      const from = marks.metrics.get(summary.key) ?? NONE;
      if (summary.lastStep <= from) continue;
      for (const p of metricSeries(db, runId, summary.key, { fromStep: from + 1 }).points)
        points.push({ key: summary.key, ...p });
      marks.metrics.set(summary.key, summary.lastStep);
    }
    if (points.length > 0)
      events.emit('metrics-appended', { runId, points: points.sort((a, b) => a.step - b.step) });
    for (const { id, step, kind } of listSamples(db, runId).filter((s) => s.id > marks.sampleId)) {
      events.emit('sample-ready', { runId, sampleId: id, step, kind });
      marks.sampleId = id;
    }
    for (const { step } of listCheckpoints(db, runId).filter(
      (c) => c.step > marks.checkpointStep,
    )) {
      events.emit('checkpoint-saved', { runId, step });
      marks.checkpointStep = step;
    }
    for (const step of diffusionParamsSteps(db, runId, marks.paramsStep)) {
      events.emit('diffusion-params-recorded', { runId, step });
      marks.paramsStep = step;
    }
    for (const line of listRunEvents(db, runId, { afterId: marks.eventId })) {
      events.emit('run-event-added', line);
      marks.eventId = line.id;
    }
  };

  /** Compares one run with what was seen of it, emits the differences and follows its records. */
  const look = (run: RunState, seen: Seen | undefined) => {
    const { id: runId, status, error, progress } = run;
    const before = seen?.run;
    const changed = before?.status !== status || before.error !== error;
    if (changed) events.emit('run-status-changed', { runId, status, error });
    const moved =
      before?.progress.step !== progress.step || before.progress.total !== progress.total;
    if (before && moved) events.emit('run-progressed', { runId, ...progress });
    const edited = (r: RunState) => JSON.stringify([r.name, r.notes, r.tags]);
    if (before && edited(before) !== edited(run)) events.emit('run-updated', { runId });
    const next: Seen = seen ?? { run, marks: emptyMarks(), followUntil: poll };
    next.run = run;
    if (changed || moved || status === 'running') next.followUntil = poll + LINGER;
    // A resume rewinds a run to its checkpoint, and the steps after it are recorded again.
    const rewound = before !== undefined && progress.step < before.progress.step;
    if (next.followUntil >= poll) {
      if (next.marks === null || rewound) next.marks = currentMarks(runId);
      else report(runId, next.marks);
    }
    runs.set(runId, next);
  };

  const lookAtSweeps = (emit: boolean) => {
    for (const sweep of listSweeps(db, alive)) {
      const state = JSON.stringify([sweep.name, sweep.status, sweep.counts, sweep.total]);
      if (emit && sweeps.get(sweep.id) !== state)
        events.emit('sweep-changed', { sweepId: sweep.id });
      sweeps.set(sweep.id, state);
    }
  };

  db.transaction(() => {
    for (const run of runStates(db, { ownerAlive: alive })) {
      const active = run.status === 'running' || run.status === 'queued';
      runs.set(run.id, { run, marks: active ? currentMarks(run.id) : null, followUntil: -1 });
    }
    lookAtSweeps(false);
  })();

  const tick = () => {
    const nowAlive = liveOwner(dataDir) !== null;
    const nowVersion = version();
    if (nowAlive === alive && nowVersion === lastVersion) return;
    alive = nowAlive;
    lastVersion = nowVersion;
    poll++;
    // One read transaction: every record read in a poll comes from the same commit.
    db.transaction(() => {
      const present = new Set<number>();
      for (const run of runStates(db, { ownerAlive: alive })) {
        present.add(run.id);
        look(run, runs.get(run.id));
      }
      for (const runId of runs.keys()) if (!present.has(runId)) runs.delete(runId);
      lookAtSweeps(true);
    })();
  };
  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      console.error(`could not follow the runs in ${dataDir}: ${String(error)}`);
    }
  }, pollMs).unref();
  return { stop: () => clearInterval(timer) };
}
