import { MdmError } from '#shared/errors';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  listRuns,
  MetricsWriter,
  runStates,
  setRunStatus,
  type StoreDb,
} from '../../../src-main/backend/store';
import { makeRun, memoryStore } from './helpers';

let db: StoreDb;

beforeEach(() => {
  db = memoryStore();
  const writer = new MetricsWriter(db);
  const specs = [
    { name: 'vpsde baseline', diffusion: 'vpsde', dataset: 'mnist', tags: ['baseline'], loss: 3 },
    { name: 'cld 100%_done', diffusion: 'cld', dataset: 'mnist', tags: ['sweep'], loss: 1 },
    { name: 'alda cifar', diffusion: 'alda', dataset: 'cifar10', tags: ['sweep'], loss: 2 },
    { name: 'malda no metrics', diffusion: 'malda', dataset: 'cifar10', tags: [], loss: null },
  ];
  for (const { loss, ...spec } of specs) {
    const run = makeRun(db, spec);
    if (loss !== null) {
      writer.append(run.id, 0, { loss: loss + 10, bpd: loss });
      writer.append(run.id, 1, { loss, bpd: loss });
    }
  }
  writer.close();
  setRunStatus(db, 1, 'running');
  setRunStatus(db, 2, 'running');
  setRunStatus(db, 2, 'completed');
});

const names = (query: Parameters<typeof listRuns>[1]) =>
  listRuns(db, query).runs.map((r) => r.name.split(' ')[0]);

describe('listRuns', () => {
  it('defaults to newest first with every summary attached', () => {
    const page = listRuns(db);
    expect(page.total).toBe(4);
    expect(page.runs.map((r) => r.id)).toEqual([4, 3, 2, 1]);
    expect(page.runs[3]?.metrics.loss).toEqual({
      key: 'loss',
      last: 3,
      lastStep: 1,
      min: 3,
      max: 13,
      count: 2,
    });
    expect(page.runs[0]?.metrics).toEqual({});
  });

  it('attaches only the chosen metric keys', () => {
    const run = listRuns(db, { metricKeys: ['bpd'] }).runs[3];
    expect(Object.keys(run?.metrics ?? {})).toEqual(['bpd']);
  });

  it('filters by status, dataset, diffusion, tag and text', () => {
    expect(names({ filter: { status: 'running' } })).toEqual(['vpsde']);
    expect(names({ filter: { status: ['running', 'completed'] } })).toEqual(['cld', 'vpsde']);
    expect(names({ filter: { dataset: 'cifar10' } })).toEqual(['malda', 'alda']);
    expect(names({ filter: { diffusion: 'alda' } })).toEqual(['alda']);
    expect(names({ filter: { tag: 'sweep' } })).toEqual(['alda', 'cld']);
    expect(names({ filter: { tag: 'swee' } })).toEqual([]);
    expect(names({ filter: { text: 'BASELINE' } })).toEqual(['vpsde']);
    expect(names({ filter: { text: 'sweep', dataset: 'mnist' } })).toEqual(['cld']);
    expect(names({ filter: { text: '100%' } })).toEqual(['cld']);
    expect(names({ filter: { text: '_' } })).toEqual(['cld']);
  });

  it('sorts by columns and by metric summaries, runs without the metric last', () => {
    expect(names({ sort: { key: 'name', dir: 'asc' } })).toEqual(['alda', 'cld', 'malda', 'vpsde']);
    expect(names({ sort: { key: 'metric:loss:last', dir: 'asc' } })).toEqual([
      'cld',
      'alda',
      'vpsde',
      'malda',
    ]);
    expect(names({ sort: { key: 'metric:loss:max', dir: 'desc' } })).toEqual([
      'vpsde',
      'alda',
      'cld',
      'malda',
    ]);
    expect(names({ sort: { key: 'started_at', dir: 'asc' } }).at(-1)).toMatch(/alda|malda/);
  });

  it('pages with offset and limit, reporting the filtered total', () => {
    const page = listRuns(db, { sort: { key: 'id', dir: 'asc' }, offset: 1, limit: 2 });
    expect(page.runs.map((r) => r.id)).toEqual([2, 3]);
    expect(page.total).toBe(4);
    expect(listRuns(db, { filter: { tag: 'sweep' }, limit: 1 }).total).toBe(2);
    expect(listRuns(db, { offset: 10 }).runs).toEqual([]);
  });

  it('without a live owner, filters, counts and sorts a run left running as interrupted', () => {
    const gone = (query: Parameters<typeof listRuns>[1]) =>
      listRuns(db, query, { ownerAlive: false });
    expect(gone({ filter: { status: 'running' } })).toEqual({ runs: [], total: 0 });
    const interrupted = gone({ filter: { status: 'interrupted' }, limit: 1 });
    expect(interrupted.total).toBe(1);
    expect(interrupted.runs.map((r) => [r.name, r.status, r.error])).toEqual([
      ['vpsde baseline', 'interrupted', 'the process training this run ended without finishing it'],
    ]);
    const byStatus = { sort: { key: 'status', dir: 'asc' } } as const;
    expect(gone(byStatus).runs.map((r) => `${r.status} ${r.id}`)).toEqual([
      'completed 2',
      'interrupted 1',
      'queued 3',
      'queued 4',
    ]);
    // With the owner alive the stored status stands: running sorts after queued.
    expect(listRuns(db, byStatus, { ownerAlive: true }).runs.map((r) => r.status)).toEqual([
      'completed',
      'queued',
      'queued',
      'running',
    ]);
  });

  it('refuses bad sorts, statuses and paging with invalid errors', () => {
    const bad = [
      () => listRuns(db, { sort: { key: 'notes' as 'name', dir: 'asc' } }),
      () => listRuns(db, { sort: { key: 'metric:loss:mean' as 'name', dir: 'asc' } }),
      () => listRuns(db, { sort: { key: 'name', dir: 'up' as 'asc' } }),
      () => listRuns(db, { filter: { status: 'paused' as 'queued' } }),
      () => listRuns(db, { limit: 0 }),
      () => listRuns(db, { offset: -1 }),
      () => listRuns(db, { limit: 100_000 }),
    ];
    for (const fn of bad) {
      expect(fn).toThrow(MdmError);
      try {
        fn();
      } catch (e) {
        expect((e as MdmError).code).toBe('invalid');
      }
    }
  });
});

describe('runStates', () => {
  it('gives every run by id with the status listRuns shows, with and without a live owner', () => {
    const shown = (ownerAlive: boolean) =>
      runStates(db, { ownerAlive }).map((r) => [r.id, r.status, r.error, r.tags]);
    expect(shown(true)).toEqual([
      [1, 'running', null, ['baseline']],
      [2, 'completed', null, ['sweep']],
      [3, 'queued', null, ['sweep']],
      [4, 'queued', null, []],
    ]);
    const gone = listRuns(db, { sort: { key: 'id', dir: 'asc' } }, { ownerAlive: false }).runs;
    expect(shown(false)).toEqual(gone.map((r) => [r.id, r.status, r.error, r.tags]));
    expect(shown(false)[0]?.[1]).toBe('interrupted');
  });
});
