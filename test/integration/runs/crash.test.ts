import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  inconsistentSummaries,
  metricSteps,
  oneTo,
  spawnMdm,
  tempHome,
  toyConfig,
  waitFor,
  type MdmChild,
} from './support';

/** `mdm serve` as a child process, reached over HTTP with the token its URL carries. */
interface Served {
  mdm: MdmChild;
  url: string;
  token: string;
  /** Every event received on /api/events, in order. */
  events: { name: string; data: Record<string, unknown> }[];
}

const home = tempHome('crash');
const servers: Served[] = [];

async function serve(): Promise<Served> {
  const mdm = spawnMdm(['serve', '--port', '0'], { MDM_HOME: home });
  const line = await waitFor('the serving URL', () =>
    /serving at (http:\/\/\S+)\/\?token=(\S+)\n/.exec(mdm.stdout()),
  );
  const served: Served = { mdm, url: line[1]!, token: line[2]!, events: [] };
  servers.push(served);
  const response = await fetch(`${served.url}/api/events`, {
    headers: { Authorization: `Bearer ${served.token}` },
  });
  void (async () => {
    const decoder = new TextDecoder();
    let text = '';
    try {
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name && data) served.events.push({ name, data: JSON.parse(data) });
        }
      }
    } catch {
      // the server died: that is the point of this test
    }
  })();
  return served;
}

async function api<T = Record<string, unknown>>(
  served: Served,
  name: string,
  body: unknown,
): Promise<T> {
  const response = await fetch(`${served.url}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${served.token}` },
    body: JSON.stringify(body),
  });
  const envelope = (await response.json()) as { ok: boolean; result: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope.error)}`);
  return envelope.result;
}

interface RunDetail {
  run: { status: string; error: string | null; progress: { step: number; total: number } };
  checkpoints: { step: number; path: string }[];
}

afterAll(async () => {
  for (const { mdm } of servers) {
    if (mdm.child.exitCode === null && mdm.child.signalCode === null) {
      process.kill(-mdm.child.pid!, 'SIGKILL');
      await mdm.exited;
    }
  }
});

describe('kill -9 of the whole `mdm serve` process group mid-training', () => {
  it('leaves an interrupted run with every flushed metric, an intact database, and resumes to completion', async () => {
    const steps = 300;
    const first = await serve();
    const created = await api<{ id: number }>(first, 'runs-create', {
      config: toyConfig({ name: 'crash', steps, checkpointEvery: 20 }),
    });
    const runId = created.id;

    // Metric points the events stream showed; each event is emitted after its flush committed.
    const seenPoints = () =>
      first.events
        .filter((e) => e.name === 'metrics-appended' && e.data.runId === runId)
        .flatMap((e) => e.data.points as { key: string; step: number; value: number | null }[]);
    const lastSeenLossStep = () =>
      Math.max(
        0,
        ...seenPoints()
          .filter((p) => p.key === 'loss')
          .map((p) => p.step),
      );
    const checkpointStep = await waitFor(
      'a checkpoint and metrics past it',
      async () => {
        const detail = await api<RunDetail>(first, 'runs-get', { runId });
        const step = detail.checkpoints.at(-1)?.step ?? 0;
        return step >= 40 && lastSeenLossStep() >= step + 5 && step;
      },
      90_000,
    );
    expect(checkpointStep).toBeLessThan(steps);

    process.kill(-first.mdm.child.pid!, 'SIGKILL');
    expect(await first.mdm.exited).toBe('SIGKILL');
    const killedAt = lastSeenLossStep();
    const seen = seenPoints();

    // The database as the kill left it, before anything opens it for writing.
    const db = new Database(path.join(home, 'mdm.sqlite'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const status = db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId);
    expect(status).toBe('running');
    const value = db.prepare('SELECT value FROM metrics WHERE run_id = ? AND key = ? AND step = ?');
    const missing = seen.filter((p) => value.pluck().get(runId, p.key, p.step) !== p.value);
    expect(missing, 'points the events stream showed but the store lost').toEqual([]);
    const stored = metricSteps(db, runId);
    expect(stored.length).toBeGreaterThanOrEqual(killedAt);
    expect(stored).toEqual(oneTo(stored.length));
    expect(inconsistentSummaries(db, runId)).toEqual([]);
    const checkpoints = db
      .prepare('SELECT step FROM checkpoints WHERE run_id = ? ORDER BY step')
      .pluck()
      .all(runId) as number[];
    expect(checkpoints.at(-1)).toBeGreaterThanOrEqual(checkpointStep);
    const lastCheckpoint = checkpoints.at(-1)!;
    db.close();
    console.info(
      `crash: killed at step ${killedAt} (events), ${seen.length} points seen, ${stored.length} loss rows stored, last checkpoint ${lastCheckpoint}`,
    );

    // Start again: the run is interrupted, with its reason, and nothing recorded was lost.
    const second = await serve();
    const after = await api<RunDetail>(second, 'runs-get', { runId });
    expect(after.run.status).toBe('interrupted');
    expect(after.run.error).toMatch(/stopped while this run was training/);
    const reopened = new Database(path.join(home, 'mdm.sqlite'), { readonly: true });
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(metricSteps(reopened, runId)).toEqual(stored);

    // Resume: continues from the last checkpoint to completion, every loss step exactly once.
    await api(second, 'runs-resume', { runId });
    const final = await waitFor(
      'the resumed run to end',
      async () => {
        const detail = await api<RunDetail>(second, 'runs-get', { runId });
        return (
          ['completed', 'failed', 'interrupted', 'stopped'].includes(detail.run.status) && detail
        );
      },
      120_000,
      200,
    );
    expect(final.run.status).toBe('completed');
    expect(final.run.progress).toEqual({ step: steps, total: steps });
    const resumedPoints = second.events
      .filter((e) => e.name === 'metrics-appended' && e.data.runId === runId)
      .flatMap((e) => e.data.points as { key: string; step: number }[])
      .filter((p) => p.key === 'loss')
      .map((p) => p.step);
    expect(resumedPoints[0]).toBe(lastCheckpoint + 1);
    expect(resumedPoints).toEqual(oneTo(steps).slice(lastCheckpoint));
    const log = await api<{ message: string }[]>(second, 'run-events-list', { runId });
    expect(log.map((e) => e.message).join('\n')).toContain(
      `resumed at step ${lastCheckpoint} from`,
    );
    expect(metricSteps(reopened, runId)).toEqual(oneTo(steps));
    expect(inconsistentSummaries(reopened, runId)).toEqual([]);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });
});
