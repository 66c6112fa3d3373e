import { describe, expect, it } from 'vitest';
import {
  coalesce,
  groupByKey,
  mergePoints,
  toColumns,
  truncateAfter,
} from '../../../src-renderer/lib/runs/live';

const pt = (step: number, value: number | null, time = step * 10) => ({ step, value, time });

describe('live point merging', () => {
  it('appends later steps, replaces equal steps and inserts earlier ones in order', () => {
    const base = toColumns([pt(0, 1), pt(10, 2), pt(20, null)]);
    expect(base.y[2]).toBeNaN();
    const merged = mergePoints(base, [pt(30, 4), pt(10, 2.5, 99), pt(5, 1.5), pt(40, 5)]);
    expect(merged.x).toEqual([0, 5, 10, 20, 30, 40]);
    expect(merged.y.filter((y) => !Number.isNaN(y))).toEqual([1, 1.5, 2.5, 4, 5]);
    expect(merged.time[2]).toBe(99);
    // The input is left untouched (Svelte sees a new object).
    expect(base.x).toEqual([0, 10, 20]);
  });

  it('starts from nothing', () => {
    expect(mergePoints(toColumns([]), [pt(3, 1)])).toEqual({ x: [3], y: [1], time: [30] });
  });

  it('truncates after a rewind step and returns the same object when nothing is dropped', () => {
    const s = toColumns([pt(0, 1), pt(10, 2), pt(20, 3)]);
    expect(truncateAfter(s, 10).x).toEqual([0, 10]);
    expect(truncateAfter(s, 20)).toBe(s);
  });

  it('groups points by key in order', () => {
    const groups = groupByKey([
      { key: 'a', step: 1 },
      { key: 'b', step: 1 },
      { key: 'a', step: 2 },
    ]);
    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')?.map((p) => p.step)).toEqual([1, 2]);
  });
});

describe('coalesce', () => {
  function fakeClock() {
    let now = 0;
    const timers = new Map<number, { at: number; fn: () => void }>();
    let nextId = 1;
    return {
      now: () => now,
      set: (fn: () => void, ms: number) => {
        timers.set(nextId, { at: now + ms, fn });
        return nextId++;
      },
      clear: (id: unknown) => void timers.delete(id as number),
      advance(ms: number) {
        const end = now + ms;
        for (;;) {
          const due = [...timers.entries()]
            .filter(([, t]) => t.at <= end)
            .sort((a, b) => a[1].at - b[1].at)[0];
          if (!due) break;
          timers.delete(due[0]);
          now = due[1].at;
          due[1].fn();
        }
        now = end;
      },
    };
  }

  it('runs once after a burst, and at most every maxWait during a steady stream', () => {
    const clock = fakeClock();
    let calls = 0;
    const c = coalesce(() => calls++, 300, 1000, clock);
    for (let i = 0; i < 5; i++) {
      c.request();
      clock.advance(50);
    }
    expect(calls).toBe(0);
    clock.advance(300);
    expect(calls).toBe(1);
    for (let i = 0; i < 40; i++) {
      c.request();
      clock.advance(100);
    }
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(calls).toBeLessThanOrEqual(6);
    c.cancel();
    const before = calls;
    clock.advance(5000);
    expect(calls).toBe(before);
  });
});
