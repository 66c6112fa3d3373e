import { describe, expect, it, vi } from 'vitest';
import type { MdmError } from '#shared/errors';
import {
  deleteRun,
  metricKeys,
  metricSeries,
  metricSummaries,
  MetricsWriter,
  rewindRun,
  addCheckpoint,
  getRun,
  setRunProgress,
  type FlushResult,
} from '../../../src-main/backend/store';
import { makeRun, memoryStore, snapshot } from './helpers';

describe('MetricsWriter', () => {
  it('buffers until flush, then writes points and summaries in one go', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const writer = new MetricsWriter(db, { flushIntervalMs: 60_000 });
    writer.append(id, 0, { loss: 3, bpd: 5 }, 1000);
    writer.append(id, 1, { loss: 1, bpd: 4 }, 1001);
    writer.append(id, 2, { loss: 2 }, 1002);
    expect(writer.pending).toBe(5);
    expect(metricKeys(db, id)).toEqual([]);
    const result = writer.flush();
    expect(result.count).toBe(5);
    expect(result.runs).toHaveLength(1);
    expect(result.runs[0]?.points[0]).toEqual({ key: 'loss', step: 0, value: 3, time: 1000 });
    expect(result.runs[0]?.summaries).toContainEqual({
      key: 'loss',
      last: 2,
      lastStep: 2,
      min: 1,
      max: 3,
      count: 3,
    });
    expect(metricSeries(db, id, 'loss').points.map((p) => p.value)).toEqual([3, 1, 2]);
    expect(writer.pending).toBe(0);
    expect(writer.flush()).toEqual({ count: 0, runs: [] });
  });

  it('merges summaries across flushes, including out-of-order steps and NaN', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const writer = new MetricsWriter(db);
    writer.append(id, 10, { loss: 5 });
    writer.flush();
    writer.append(id, 5, { loss: -1 });
    writer.append(id, 11, { loss: Number.NaN });
    writer.flush();
    writer.append(id, 12, { loss: 7 });
    writer.flush();
    expect(metricSummaries(db, id)).toEqual([
      { key: 'loss', last: 7, lastStep: 12, min: -1, max: 7, count: 4 },
    ]);
    expect(metricSeries(db, id, 'loss').points.map((p) => p.value)).toEqual([-1, 5, null, 7]);
  });

  it('flushes by size and by time, reporting each flush', async () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const flushes: FlushResult[] = [];
    const writer = new MetricsWriter(db, {
      flushIntervalMs: 20,
      maxBufferedPoints: 4,
      onFlush: (r) => flushes.push(r),
    });
    writer.append(id, 0, { a: 1, b: 2, c: 3, d: 4 });
    expect(flushes.map((f) => f.count)).toEqual([4]);
    writer.append(id, 1, { a: 1 });
    await vi.waitFor(() => expect(flushes.map((f) => f.count)).toEqual([4, 1]));
    writer.append(id, 2, { a: 2 });
    expect(writer.close().count).toBe(1);
    expect(flushes).toHaveLength(3);
    expect(() => writer.append(id, 3, { a: 1 })).toThrow('the metrics writer is closed');
  });

  it('refuses unknown runs and bad points before buffering anything', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const writer = new MetricsWriter(db);
    const refused = (fn: () => void, code: string, message: RegExp) => {
      expect(fn).toThrow(message);
      try {
        fn();
      } catch (e) {
        expect((e as MdmError).code).toBe(code);
      }
    };
    refused(() => writer.append(99, 0, { loss: 1 }), 'not_found', /run 99 does not exist/);
    refused(() => writer.append(id, -1, { loss: 1 }), 'invalid', /step: expected a number ≥ 0/);
    refused(() => writer.append(id, 0, { ok: 1, '': 1 }), 'invalid', /metric key/);
    refused(
      () => writer.append(id, 0, { ok: 1, loss: '1' as unknown as number }),
      'invalid',
      /metric loss: expected a number/,
    );
    expect(writer.pending).toBe(0);
  });

  it('drops points of a run deleted before the flush and keeps the others', () => {
    const db = memoryStore();
    const a = makeRun(db);
    const b = makeRun(db);
    const writer = new MetricsWriter(db);
    writer.append(a.id, 0, { loss: 1 });
    writer.append(b.id, 0, { loss: 2 });
    deleteRun(db, a.id);
    const result = writer.flush();
    expect(result.runs.map((r) => r.runId)).toEqual([b.id]);
    expect(() => writer.append(a.id, 1, { loss: 1 })).toThrow(`run ${a.id} does not exist`);
  });

  it('keeps the buffer when a flush fails, and writes it on the next', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const writer = new MetricsWriter(db);
    writer.append(id, 0, { loss: 1 });
    db.exec(
      "CREATE TRIGGER boom BEFORE INSERT ON metrics BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    expect(() => writer.flush()).toThrow('disk full');
    expect(writer.pending).toBe(1);
    db.exec('DROP TRIGGER boom');
    expect(writer.flush().count).toBe(1);
  });
});

describe('metricSeries', () => {
  it('downsamples long series, keeping ends and extremes, and filters steps', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const writer = new MetricsWriter(db, { maxBufferedPoints: 100_000 });
    for (let step = 0; step < 5000; step++) {
      writer.append(id, step, { loss: step === 2500 ? 100 : 1 / (step + 1) }, step);
    }
    writer.close();
    const series = metricSeries(db, id, 'loss', { maxPoints: 100 });
    expect(series.total).toBe(5000);
    expect(series.points.length).toBeLessThanOrEqual(100);
    expect(series.points[0]?.step).toBe(0);
    expect(series.points.at(-1)?.step).toBe(4999);
    expect(series.points.some((p) => p.value === 100)).toBe(true);
    const range = metricSeries(db, id, 'loss', { fromStep: 10, toStep: 19 });
    expect(range.points.map((p) => p.step)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
    expect(metricSeries(db, id, 'nope').points).toEqual([]);
  });

  it('refuses unknown runs and tiny maxPoints', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    expect(() => metricSeries(db, 7, 'loss')).toThrow('run 7 does not exist');
    expect(() => metricSeries(db, id, 'loss', { maxPoints: 1 })).toThrow(/maxPoints/);
  });
});

describe('rewindRun', () => {
  it('forgets what came after the checkpoint and recomputes summaries', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const writer = new MetricsWriter(db);
    for (let step = 0; step < 10; step++) writer.append(id, step, { loss: 10 - step });
    writer.close();
    addCheckpoint(db, id, { step: 4, path: '/c4', sizeBytes: 1 });
    addCheckpoint(db, id, { step: 8, path: '/c8', sizeBytes: 1 });
    setRunProgress(db, id, 9);
    expect(rewindRun(db, id, 4)).toEqual(['/c8']);
    expect(metricSummaries(db, id)).toEqual([
      { key: 'loss', last: 6, lastStep: 4, min: 6, max: 10, count: 5 },
    ]);
    expect(getRun(db, id).progress.step).toBe(4);
  });

  it('refuses a step without a checkpoint, changing nothing', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const before = snapshot(db);
    expect(() => rewindRun(db, id, 3)).toThrow(`run ${id} has no checkpoint at step 3`);
    expect(snapshot(db)).toEqual(before);
  });
});
