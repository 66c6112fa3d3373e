import { describe, expect, it } from 'vitest';
import type { RunWithMetrics } from '#shared/api/runs';
import { mergePage } from '../../../src-renderer/lib/servers/merge';
import { onServer, parseRef, refKey } from '../../../src-renderer/lib/servers/ref';

/** A run with what sorting reads; the rest of a run does not matter here. */
function run(id: number, createdAt: number, bpd: number | null): RunWithMetrics {
  const summary = { key: 'bpd', last: bpd, lastStep: 1, min: bpd, max: bpd, count: 1 };
  return {
    id,
    name: `run ${id}`,
    status: 'completed',
    dataset: 'two-moons',
    diffusion: 'cld',
    createdAt,
    startedAt: null,
    endedAt: null,
    progress: { step: 0, total: 1 },
    metrics: bpd === null ? {} : { bpd: summary },
  } as unknown as RunWithMetrics;
}

describe('runs of several servers in one table', () => {
  const local = [run(1, 10, 2.5), run(2, 30, null)].map((r) => onServer('local', r));
  const gpu = [run(1, 20, 1.5), run(2, 40, 3.5)].map((r) => onServer('gpu', r));
  const keys = (rows: { key: string }[]) => rows.map((r) => r.key);

  it('merges pages in the order the store sorts: values, nulls last either way, id, server', () => {
    const newest = { key: 'created_at', dir: 'desc' } as const;
    expect(keys(mergePage([local, gpu], newest, 0, 10))).toEqual(['gpu:2', '2', 'gpu:1', '1']);
    expect(keys(mergePage([local, gpu], newest, 1, 2))).toEqual(['2', 'gpu:1']);
    const best = { key: 'metric:bpd:last', dir: 'asc' } as const;
    expect(keys(mergePage([local, gpu], best, 0, 10))).toEqual(['gpu:1', '1', 'gpu:2', '2']);
    const worst = { key: 'metric:bpd:last', dir: 'desc' } as const;
    expect(keys(mergePage([local, gpu], worst, 0, 10))).toEqual(['gpu:2', '1', 'gpu:1', '2']);
  });

  it('names runs by server and id, and reads those names back', () => {
    expect(refKey({ server: 'local', id: 7 })).toBe('7');
    expect(refKey({ server: 'gpu', id: 7 })).toBe('gpu:7');
    expect(parseRef('gpu:7')).toEqual({ server: 'gpu', id: 7 });
    expect(parseRef('7')).toEqual({ server: 'local', id: 7 });
    for (const bad of ['gpu:0', ':7', 'a b:7', 'gpu:', '7x']) expect(parseRef(bad)).toBeNull();
  });
});
