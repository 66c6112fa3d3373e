import { describe, expect, it } from 'vitest';
import {
  addCheckpoint,
  addDiffusionParams,
  addRunEvent,
  addSample,
  diffusionParamsSeries,
  getSample,
  latestCheckpoint,
  listCheckpoints,
  listRunEvents,
  listSamples,
} from '../../../src-main/backend/store';
import { makeRun, memoryStore, snapshot } from './helpers';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

describe('samples', () => {
  it('stores PNG bytes or a path, lists without bytes, replaces same step and kind', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const grid = addSample(db, id, { step: 10, kind: 'grid', png, width: 28, height: 28 });
    addSample(db, id, { step: 5, kind: 'grid', path: '/s/5.png', width: 28, height: 28 });
    addSample(db, id, { step: 10, kind: 'grid', png, width: 56, height: 56, meta: { n: 64 } });
    const list = listSamples(db, id);
    expect(list.map((s) => [s.step, s.width])).toEqual([
      [5, 28],
      [10, 56],
    ]);
    expect(list[1]).not.toHaveProperty('png');
    expect(listSamples(db, id, 'single')).toEqual([]);
    const full = getSample(db, grid.id);
    expect(full.meta).toEqual({ n: 64 });
    expect(new Uint8Array(full.png as Buffer)).toEqual(png);
  });

  it('refuses bad samples and unknown ids, changing nothing', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const before = snapshot(db);
    expect(() => addSample(db, id, { step: 1, kind: 'grid', width: 1, height: 1 })).toThrow(
      /exactly one of png bytes or a path/,
    );
    expect(() => addSample(db, 9, { step: 1, kind: 'grid', png, width: 1, height: 1 })).toThrow(
      'run 9 does not exist',
    );
    expect(() => getSample(db, 3)).toThrow('sample 3 does not exist');
    expect(() => listSamples(db, 9)).toThrow('run 9 does not exist');
    expect(snapshot(db)).toEqual(before);
  });
});

describe('checkpoints', () => {
  it('lists checkpoints and finds the one to resume from', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    expect(latestCheckpoint(db, id)).toBeNull();
    addCheckpoint(db, id, { step: 200, path: '/c/200', sizeBytes: 2048 });
    addCheckpoint(db, id, { step: 100, path: '/c/100', sizeBytes: 1024 });
    expect(listCheckpoints(db, id).map((c) => c.step)).toEqual([100, 200]);
    expect(latestCheckpoint(db, id)).toMatchObject({ step: 200, path: '/c/200', sizeBytes: 2048 });
    expect(() => addCheckpoint(db, id, { step: 1, path: '', sizeBytes: 1 })).toThrow(/path/);
  });
});

describe('diffusion params', () => {
  it('stores Q and D per step and thins the series evenly', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    for (let step = 0; step <= 100; step += 10) {
      addDiffusionParams(db, id, {
        step,
        q: [
          [0, -step],
          [step, 0],
        ],
        d: [
          [step, 0],
          [0, 1],
        ],
      });
    }
    const all = diffusionParamsSeries(db, id);
    expect(all).toHaveLength(11);
    expect(all[3]?.q).toEqual([
      [0, -30],
      [30, 0],
    ]);
    expect(diffusionParamsSeries(db, id, { maxPoints: 3 }).map((p) => p.step)).toEqual([
      0, 50, 100,
    ]);
    expect(() => addDiffusionParams(db, id, { step: 1, q: [[1, 2]], d: [[1]] })).toThrow(/square/);
    expect(() => addDiffusionParams(db, id, { step: 1, q: [[Number.NaN]], d: [[1]] })).toThrow(
      /finite/,
    );
  });
});

describe('run events', () => {
  it('appends log lines and tails them by id', () => {
    const db = memoryStore();
    const { id } = makeRun(db);
    const first = addRunEvent(db, id, 'info', 'started on wasm');
    addRunEvent(db, id, 'warn', 'loss is NaN at step 40');
    expect(listRunEvents(db, id).map((e) => e.level)).toEqual(['info', 'warn']);
    expect(listRunEvents(db, id, { afterId: first.id }).map((e) => e.message)).toEqual([
      'loss is NaN at step 40',
    ]);
    expect(() => addRunEvent(db, id, 'fatal' as 'error', 'x')).toThrow(/unknown event level/);
  });
});
