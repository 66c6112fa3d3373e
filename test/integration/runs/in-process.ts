import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Handlers, RequestOf, ResponseOf, HandlerName } from '#shared/api/contract';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { dispatch } from '../../../src-main/backend/dispatch';
import { spawnRunWorker } from '../../../src-main/backend/runs/worker-entry';
import { createBackendService, type BackendService } from '../../../src-main/backend/service';
import { openStore, type StoreDb } from '../../../src-main/backend/store/index';
import { tempHome, waitFor } from './support';

/** A backend service in this process whose run workers the test can reach, and a log of its events. */
export interface InProcess {
  home: string;
  service: BackendService;
  handlers: Handlers;
  /** A second connection for checks the contract does not expose. */
  db: StoreDb;
  /** Each run's workers, in the order they were started (a resumed run gets another). */
  workers: Map<number, Worker[]>;
  events: { name: string; payload: Record<string, unknown>; at: number }[];
  /** Calls a handler through dispatch, as a transport does; throws the envelope's error. */
  call<N extends HandlerName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>>;
  /** Calls a handler through dispatch and returns the envelope, errors included. */
  envelope(name: HandlerName, request: unknown): Promise<Awaited<ReturnType<typeof dispatch>>>;
  statuses(runId: number): string[];
  waitForStatus(runId: number, statuses: string[], timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export function inProcessService(prefix: string, maxConcurrentRuns: number): InProcess {
  const home = tempHome(prefix);
  const workers = new Map<number, Worker[]>();
  const events: InProcess['events'] = [];
  const lastRunning = () => {
    const event = events.findLast(
      (e) => e.name === 'run-status-changed' && e.payload.status === 'running',
    );
    if (!event) throw new Error('a worker was spawned before any run became running');
    return event.payload.runId as number;
  };
  const service = createBackendService({
    dataDir: home,
    probeBackends: probeComputeBackends,
    maxConcurrentRuns,
    // The manager announces a run 'running' and spawns its worker right after, synchronously.
    spawnWorker: () => {
      const worker = spawnRunWorker();
      const runId = lastRunning();
      workers.set(runId, [...(workers.get(runId) ?? []), worker]);
      return worker;
    },
  });
  service.events.subscribe((name, payload) => {
    events.push({ name, payload: payload as Record<string, unknown>, at: Date.now() });
  });
  const handlers = service.handlers('ipc');
  const db = openStore(path.join(home, 'mdm.sqlite'));
  const statuses = (runId: number) =>
    events
      .filter((e) => e.name === 'run-status-changed' && e.payload.runId === runId)
      .map((e) => e.payload.status as string);
  return {
    home,
    service,
    handlers,
    db,
    workers,
    events,
    async call(name, request) {
      const envelope = await dispatch(handlers, name, request);
      if (!envelope.ok)
        throw new Error(`${name}: ${envelope.error.code}: ${envelope.error.message}`);
      return envelope.result as never;
    },
    envelope: (name, request) => dispatch(handlers, name, request),
    statuses,
    waitForStatus: (runId, wanted, timeoutMs = 120_000) =>
      waitFor(
        `run ${runId} to become ${wanted.join(' or ')}`,
        () => statuses(runId).find((s) => wanted.includes(s)),
        timeoutMs,
      ),
    async close() {
      await service.close();
      db.close();
    },
  };
}

/** The highest step a run's 'loss' metric reached, as the store has it. */
export function lossStep(db: StoreDb, runId: number): number {
  return (
    (db
      .prepare("SELECT max(step) FROM metrics WHERE run_id = ? AND key = 'loss'")
      .pluck()
      .get(runId) as number | null) ?? 0
  );
}
