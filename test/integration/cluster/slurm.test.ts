import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterJob } from '#shared/api/cluster';
import type { HandlerName, RequestOf, ResponseOf } from '#shared/api/contract';
import { parseClusterProfile } from '../../../src-main/backend/cluster/profiles';
import { dispatch } from '../../../src-main/backend/dispatch';
import { startServe } from '../../../src-main/backend/serve';
import { main } from '../../../src-main/cli/main';
import { openStore, saveClusterProfile, type StoreDb } from '../../../src-main/backend/store/index';
import { metricSteps, oneTo, repoRoot, spawnMdm, tempHome, waitFor } from '../runs/support';
import { slurmMissing, startLocalSlurm, type LocalSlurm } from './slurm-cluster';

const missing = slurmMissing();
if (missing && process.env.CI) throw new Error(`CI must run the slurm tests: ${missing}`);
if (missing) console.warn(`skipping the slurm tests: ${missing}`);

const home = tempHome('slurm');
let slurm: LocalSlurm;
let owner: Awaited<ReturnType<typeof startServe>>;
let db: StoreDb;
const events: { name: string; payload: Record<string, unknown> }[] = [];

async function call<N extends HandlerName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
  const envelope = await dispatch(owner.service.handlers('http'), name, request);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
  return envelope.result as ResponseOf<N>;
}

const statuses = (runId: number) =>
  events
    .filter((e) => e.name === 'run-status-changed' && e.payload.runId === runId)
    .map((e) => e.payload.status as string);

const waitForStatus = (runId: number, wanted: string[], timeoutMs = 240_000) =>
  waitFor(
    `run ${runId} to become ${wanted.join(' or ')}`,
    () => statuses(runId).findLast((s) => wanted.includes(s)),
    timeoutMs,
    200,
  );

const jobs = (runId: number) => call('cluster-jobs-list', { runId });

/** A swiss-roll MLP run small enough to train in seconds on one core. */
function toy(name: string, steps: number): Record<string, unknown> {
  return {
    name,
    dataset: 'swiss-roll',
    model: 'mlp',
    diffusion: { preset: 'vpsde' },
    batchSize: 64,
    steps,
    sampleEvery: 100,
    sampleSteps: 20,
    checkpointEvery: 50,
    evalImages: 0,
  };
}

const lastStep = (runId: number) =>
  (db
    .prepare("SELECT max(step) FROM metrics WHERE run_id = ? AND key = 'loss'")
    .pluck()
    .get(runId) as number | null) ?? 0;
const lastCheckpoint = (runId: number) =>
  (db.prepare('SELECT max(step) FROM checkpoints WHERE run_id = ?').pluck().get(runId) as
    number | null) ?? 0;

/** A running job past its first checkpoint, with some steps after it (so a resume replays them). */
async function runningPastCheckpoint(runId: number): Promise<ClusterJob> {
  return waitFor(
    `run ${runId} to train past a checkpoint in Slurm`,
    async () => {
      const job = (await jobs(runId)).at(-1);
      const ckpt = lastCheckpoint(runId);
      const past = job?.state === 'RUNNING' && job.workerPid !== null && ckpt > 0;
      return past && lastStep(runId) > ckpt + 10 ? job : undefined;
    },
    180_000,
    100,
  );
}

/** The profile every test owner uses: the local cluster's partition, mdm from this checkout's sources. */
function profile(): Record<string, unknown> {
  return {
    name: 'local',
    partition: slurm.partition,
    timeLimit: '30',
    // The sources through tsx, as the other integration tests run them (the e2e test runs the build).
    setup: `cd ${repoRoot}`,
    mdmCommand: `${process.execPath} --import tsx src-main/cli/bin.ts`,
    requeueLimit: 2,
  };
}

/** The job token in a worker's environment (what another run's worker could present). */
function workerToken(pid: number): string {
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  return environ.find((v) => v.startsWith('MDM_WORKER_TOKEN='))!.slice('MDM_WORKER_TOKEN='.length);
}

describe.skipIf(missing !== null)('slurm: runs train as Slurm jobs of a local cluster', () => {
  beforeAll(async () => {
    slurm = await startLocalSlurm();
    process.env.SLURM_CONF = slurm.conf;
    db = openStore(path.join(home, 'mdm.sqlite'));
    saveClusterProfile(db, parseClusterProfile(profile()));
    owner = await startServe({
      host: '127.0.0.1',
      port: 0,
      dataDir: home,
      slurm: { profile: 'local', pollMs: 300 },
    });
    owner.service.events.subscribe((name, payload) =>
      events.push({ name, payload: payload as Record<string, unknown> }),
    );
  });
  afterAll(async () => {
    await owner?.close();
    db?.close();
    await slurm?.stop();
  });

  it("slurm: two runs train through Slurm to completion; a wrong or another run's token is refused", async () => {
    const a = await call('runs-create', { config: toy('slurm-a', 300) });
    const b = await call('runs-create', { config: toy('slurm-b', 300) });
    const jobA = await runningPastCheckpoint(a.id);
    await runningPastCheckpoint(b.id);

    // Tokens: none, a wrong one, run B's own token used for run A, and the UI token are all refused, and change nothing.
    const forged = {
      seq: 1_000_000,
      messages: [{ type: 'metrics', step: 999_999, time: Date.now(), values: { loss: 123 } }],
    };
    const post = (runId: number, token: string | null, batch: unknown = forged) =>
      fetch(`${owner.url}/worker/runs/${runId}/messages`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(batch),
      });
    const tokenB = workerToken((await jobs(b.id)).at(-1)!.workerPid!);
    expect(tokenB).toMatch(/^[\w-]{40,}$/);
    // The token itself works for its own run (an already-applied batch number: acknowledged, not applied).
    expect((await post(b.id, tokenB, { seq: 0, messages: [] })).status).toBe(200);
    expect((await post(a.id, null)).status).toBe(401);
    expect((await post(a.id, 'not-the-token')).status).toBe(401);
    expect((await post(a.id, tokenB)).status).toBe(401);
    expect((await post(a.id, owner.token)).status).toBe(401); // the UI token is not a worker token
    expect(db.prepare('SELECT count(*) FROM metrics WHERE step = 999999').pluck().get()).toBe(0);

    for (const run of [a, b]) {
      expect(await waitForStatus(run.id, ['completed', 'failed', 'interrupted'])).toBe('completed');
      expect(metricSteps(db, run.id)).toEqual(oneTo(300));
      expect((await call('samples-list', { runId: run.id })).length).toBeGreaterThanOrEqual(3);
      const [job, ...more] = await jobs(run.id);
      expect(more).toEqual([]);
      expect(job).toMatchObject({ state: 'COMPLETED', attempt: 1, reason: null, requeued: false });
      expect(job!.slurmJobId).toMatch(/^\d+$/);
      expect(job!.node).toBeTruthy();
      expect(job!.outputTail).toContain('mdm worker: done');
      expect((await call('runs-get', { runId: run.id })).checkpoints.at(-1)?.step).toBe(300);
    }
    expect(jobA.slurmJobId).toMatch(/^\d+$/);
  });

  it("slurm: scancel mid-run interrupts the run with Slurm's reason; it is requeued and completes with every step once", async () => {
    const run = await call('runs-create', { config: toy('slurm-scancel', 400) });
    const job = await runningPastCheckpoint(run.id);
    execFileSync('scancel', [job.slurmJobId!]);
    expect(await waitForStatus(run.id, ['completed', 'failed'])).toBe('completed');
    expect(statuses(run.id)).toEqual(['running', 'interrupted', 'queued', 'running', 'completed']);
    expect(metricSteps(db, run.id)).toEqual(oneTo(400));
    const [first, second, ...more] = await jobs(run.id);
    expect(more).toEqual([]);
    expect(first).toMatchObject({ state: 'CANCELLED', attempt: 1, requeued: true });
    expect(first!.reason).toMatch(new RegExp(`^Slurm job ${first!.slurmJobId} ended CANCELLED`));
    expect(second).toMatchObject({ state: 'COMPLETED', attempt: 2, requeued: false });
    const interrupted = events.find(
      (e) =>
        e.name === 'run-status-changed' &&
        e.payload.runId === run.id &&
        e.payload.status === 'interrupted',
    );
    expect(interrupted?.payload.error).toMatch(/^Slurm job \d+ ended CANCELLED.* at step \d+$/);

    // mdm runs show lists the jobs with Slurm's reason.
    let out = '';
    const code = await main(['runs', 'show', String(run.id), '--data-dir', home], {
      out: (t) => (out += `${t}\n`),
      err: (t) => (out += `${t}\n`),
    });
    expect(code, out).toBe(0);
    expect(out).toContain(
      `  slurm job ${first!.slurmJobId} (attempt 1) CANCELLED on ${first!.node}: ${first!.reason}\n`,
    );
    expect(out).toContain(`  slurm job ${second!.slurmJobId} (attempt 2) COMPLETED on `);
  });

  it('slurm: kill -9 of the worker process interrupts the run; it is requeued and completes with every step once', async () => {
    const run = await call('runs-create', { config: toy('slurm-kill', 400) });
    const job = await runningPastCheckpoint(run.id);
    process.kill(job.workerPid!, 'SIGKILL');
    expect(await waitForStatus(run.id, ['completed', 'failed'])).toBe('completed');
    expect(statuses(run.id)).toEqual(['running', 'interrupted', 'queued', 'running', 'completed']);
    expect(metricSteps(db, run.id)).toEqual(oneTo(400));
    const [first, second] = await jobs(run.id);
    expect(first).toMatchObject({ attempt: 1, requeued: true });
    expect(first!.state).not.toBe('COMPLETED');
    expect(second).toMatchObject({ state: 'COMPLETED', attempt: 2 });
  });

  it('slurm: stopping a run on Slurm checkpoints it and ends it stopped; resumed, it completes with every step once', async () => {
    const run = await call('runs-create', { config: toy('slurm-stop', 400) });
    await runningPastCheckpoint(run.id);
    await call('runs-stop', { runId: run.id });
    expect(await waitForStatus(run.id, ['stopped', 'failed', 'interrupted'])).toBe('stopped');
    const stoppedAt = lastStep(run.id);
    expect(stoppedAt).toBeLessThan(400);
    expect(lastCheckpoint(run.id)).toBe(stoppedAt);
    expect(await jobs(run.id)).toMatchObject([{ state: 'COMPLETED', requeued: false }]);

    await call('runs-resume', { runId: run.id });
    expect(await waitForStatus(run.id, ['completed', 'failed'])).toBe('completed');
    expect(metricSteps(db, run.id)).toEqual(oneTo(400));
    // A resume by hand is a new first attempt, not a requeue.
    expect((await jobs(run.id)).map((j) => [j.state, j.attempt])).toEqual([
      ['COMPLETED', 1],
      ['COMPLETED', 1],
    ]);
  });

  it('slurm: an owner killed while its job runs is replaced by one that cancels the orphaned job and requeues the run', async () => {
    const home2 = tempHome('slurm-restart');
    const store = openStore(path.join(home2, 'mdm.sqlite'));
    try {
      saveClusterProfile(store, parseClusterProfile({ ...profile(), name: 'local' }));
      const first = spawnMdm([
        'serve',
        '--executor',
        'slurm',
        '--profile',
        'local',
        '--port',
        '0',
        '--data-dir',
        home2,
      ]);
      const url = await waitFor('the first owner to listen', () =>
        /http:\/\/\S+\/\?token=(\S+)/.exec(first.stdout()),
      );
      const created = await fetch(new URL('/api/runs-create', url[0]), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${url[1]}` },
        body: JSON.stringify({ config: toy('slurm-restart', 300) }),
      });
      const runId = ((await created.json()) as { result: { id: number } }).result.id;
      const running = await waitFor(
        'the first job to train past a checkpoint',
        () => {
          const row = store
            .prepare(
              "SELECT slurm_job_id AS id FROM cluster_jobs WHERE run_id = ? AND state = 'RUNNING' AND worker_pid IS NOT NULL",
            )
            .get(runId) as { id: string } | undefined;
          const ckpt = store
            .prepare('SELECT max(step) FROM checkpoints WHERE run_id = ?')
            .pluck()
            .get(runId) as number | null;
          return row && ckpt ? row.id : undefined;
        },
        180_000,
        200,
      );
      process.kill(-first.child.pid!, 'SIGKILL');
      await first.exited;

      const second = await startServe({
        host: '127.0.0.1',
        port: 0,
        dataDir: home2,
        slurm: { profile: 'local', pollMs: 300 },
      });
      try {
        await waitFor(
          'the requeued run to complete',
          () =>
            store.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId) ===
            'completed',
          240_000,
          200,
        );
      } finally {
        await second.close();
      }
      expect(metricSteps(store, runId)).toEqual(oneTo(300));
      const rows = store
        .prepare(
          'SELECT slurm_job_id AS job, state, reason, requeued, attempt FROM cluster_jobs WHERE run_id = ? ORDER BY cluster_jobs.id',
        )
        .all(runId) as {
        job: string;
        state: string;
        reason: string | null;
        requeued: number;
        attempt: number;
      }[];
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        job: running,
        requeued: 1,
        attempt: 1,
        reason: `the owner restarted while Slurm job ${running} ran`,
      });
      expect(rows[1]).toMatchObject({ state: 'COMPLETED', attempt: 2 });
      // The orphaned job was cancelled, not left running beside its replacement.
      const old = execFileSync('scontrol', ['show', 'job', '-o', running], { encoding: 'utf8' });
      expect(old).toMatch(/JobState=CANCELLED/);
    } finally {
      store.close();
    }
  });
});
