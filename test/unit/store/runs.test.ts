import { defaultRunConfig } from '#shared/config/run-config';
import { MdmError, type ErrorCode } from '#shared/errors';
import { describe, expect, it } from 'vitest';
import {
  addCheckpoint,
  addSample,
  deleteRun,
  duplicateRun,
  getRun,
  interruptRunningRuns,
  MetricsWriter,
  setRunProgress,
  setRunStatus,
  updateRun,
} from '../../../src-main/backend/store';
import { makeRun, memoryStore, snapshot } from './helpers';

/** Asserts fn throws an MdmError with the code, and that the database did not change. */
function expectRefused(
  db: ReturnType<typeof memoryStore>,
  fn: () => unknown,
  code: ErrorCode,
  message: string | RegExp,
): void {
  const before = snapshot(db);
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MdmError);
  expect((error as MdmError).code).toBe(code);
  expect((error as MdmError).message).toMatch(message);
  expect(snapshot(db)).toEqual(before);
}

describe('runs', () => {
  it('creates a queued run and reads it back', () => {
    const db = memoryStore();
    const run = makeRun(db, { tags: ['baseline', 'baseline', 'cld'], backend: 'wasm' });
    expect(run).toMatchObject({
      id: 1,
      status: 'queued',
      config: { learningRate: 2e-4, batchSize: 64 },
      k: 2,
      backend: 'wasm',
      tags: ['baseline', 'cld'],
      progress: { step: 0, total: 1000 },
      startedAt: null,
      endedAt: null,
      error: null,
    });
    expect(getRun(db, run.id)).toEqual(run);
  });

  it('refuses invalid input and unknown ids without changing anything', () => {
    const db = memoryStore();
    makeRun(db);
    expectRefused(
      db,
      () => makeRun(db, { name: ' ' }),
      'invalid',
      /name: expected a non-blank string/,
    );
    expectRefused(db, () => makeRun(db, { k: 0 }), 'invalid', /k: expected a number ≥ 1/);
    expectRefused(db, () => makeRun(db, { seed: 1.5 }), 'invalid', /seed/);
    expectRefused(db, () => getRun(db, 42), 'not_found', 'run 42 does not exist');
    expectRefused(db, () => updateRun(db, 42, { notes: 'x' }), 'not_found', /run 42/);
    expectRefused(db, () => setRunStatus(db, 42, 'running'), 'not_found', /run 42/);
    expectRefused(db, () => setRunProgress(db, 42, 3), 'not_found', /run 42/);
    expectRefused(db, () => deleteRun(db, 42), 'not_found', /run 42/);
    expectRefused(db, () => duplicateRun(db, 42), 'not_found', /run 42/);
    expectRefused(db, () => updateRun(db, 1, { tags: [''] }), 'invalid', /tags\[0\]/);
  });

  it('follows the lifecycle, stamping times and errors', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const running = setRunStatus(db, id, 'running');
    expect(running.startedAt).toBeGreaterThan(0);
    expect(running.endedAt).toBeNull();
    const interrupted = setRunStatus(db, id, 'interrupted', 'worker exited with code 1');
    expect(interrupted).toMatchObject({
      status: 'interrupted',
      error: 'worker exited with code 1',
    });
    expect(interrupted.endedAt).toBeGreaterThanOrEqual(running.startedAt as number);
    setRunStatus(db, id, 'queued');
    const resumed = setRunStatus(db, id, 'running');
    expect(resumed).toMatchObject({ startedAt: running.startedAt, endedAt: null, error: null });
    expect(setRunStatus(db, id, 'completed').status).toBe('completed');
  });

  it('refuses moves the lifecycle does not allow, e.g. stopping a finished run', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    expectRefused(
      db,
      () => setRunStatus(db, id, 'completed'),
      'conflict',
      /queued and cannot become completed/,
    );
    setRunStatus(db, id, 'running');
    setRunStatus(db, id, 'completed');
    expectRefused(
      db,
      () => setRunStatus(db, id, 'stopped'),
      'conflict',
      `run ${id} is completed and cannot become stopped`,
    );
  });

  it('parses the stored config once, at the store, filling fields a newer version added', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    db.prepare('UPDATE runs SET config = ? WHERE id = ?').run('{"steps": 7}', id);
    expect(getRun(db, id).config).toEqual({ ...defaultRunConfig, steps: 7 });
    expectRefused(
      db,
      () => makeRun(db, { config: { ...defaultRunConfig, steps: 0 } }),
      'invalid',
      'config.steps: expected a number ≥ 1, got number 0',
    );
  });

  it('edits name, notes and tags, and records progress', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    expect(updateRun(db, id, { notes: 'lr sweep', tags: ['a'] })).toMatchObject({
      name: 'mnist cld',
      notes: 'lr sweep',
      tags: ['a'],
    });
    setRunProgress(db, id, 50);
    setRunProgress(db, id, 60, 2000);
    expect(getRun(db, id).progress).toEqual({ step: 60, total: 2000 });
  });

  it('deletes a run with everything it recorded, returning its files', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const other = makeRun(db);
    const writer = new MetricsWriter(db);
    writer.append(id, 0, { loss: 1 });
    writer.append(other.id, 0, { loss: 2 });
    writer.close();
    addCheckpoint(db, id, { step: 10, path: '/data/runs/1/ckpt-10', sizeBytes: 100 });
    addSample(db, id, {
      step: 10,
      kind: 'grid',
      path: '/data/runs/1/grid-10.png',
      width: 8,
      height: 8,
    });
    expect(deleteRun(db, id)).toEqual(['/data/runs/1/ckpt-10', '/data/runs/1/grid-10.png']);
    const counts = db
      .prepare(
        'SELECT (SELECT count(*) FROM metrics), (SELECT count(*) FROM metric_summaries), (SELECT count(*) FROM samples), (SELECT count(*) FROM checkpoints)',
      )
      .raw()
      .get();
    expect(counts).toEqual([1, 1, 0, 0]);
    expect(getRun(db, other.id).id).toBe(other.id);
  });

  it('refuses to delete a running run unless forced', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    setRunStatus(db, id, 'running');
    expectRefused(
      db,
      () => deleteRun(db, id),
      'conflict',
      `run ${id} is running: stop it first or delete with force`,
    );
    deleteRun(db, id, { force: true });
    expect(() => getRun(db, id)).toThrow(MdmError);
  });

  it('never reuses a deleted run id', () => {
    const db = memoryStore();
    deleteRun(db, makeRun(db).id);
    expect(makeRun(db).id).toBe(2);
  });

  it('duplicates a run as a fresh queued run with the same settings', () => {
    const db = memoryStore();
    const source = makeRun(db, { tags: ['x'], notes: 'n' });
    setRunStatus(db, source.id, 'running');
    setRunProgress(db, source.id, 500);
    const copy = duplicateRun(db, source.id);
    expect(copy).toMatchObject({
      name: 'mnist cld (copy)',
      status: 'queued',
      config: source.config,
      tags: ['x'],
      notes: 'n',
      progress: { step: 0, total: 1000 },
      startedAt: null,
    });
    expect(copy.id).not.toBe(source.id);
    expect(duplicateRun(db, source.id, 'again').name).toBe('again');
  });

  it('marks runs a crash left running as interrupted', () => {
    const db = memoryStore();
    const a = makeRun(db);
    const b = makeRun(db);
    makeRun(db);
    setRunStatus(db, a.id, 'running');
    setRunStatus(db, b.id, 'running');
    expect(interruptRunningRuns(db, 'MDM Studio quit while training')).toEqual([a.id, b.id]);
    expect(getRun(db, a.id)).toMatchObject({
      status: 'interrupted',
      error: 'MDM Studio quit while training',
    });
    expect(interruptRunningRuns(db, 'again')).toEqual([]);
  });
});
