import { describe, expect, it } from 'vitest';
import { contract, type Handlers, isHandlerName, parseRequest } from '#shared/api/contract';
import { RUN_SORT_COLUMNS, RUN_STATUSES } from '#shared/api/runs';

describe('contract', () => {
  it('knows its handlers and nothing else', () => {
    expect(isHandlerName('system-info')).toBe(true);
    expect(isHandlerName('toString')).toBe(false);
    expect(Object.keys(contract)).toContain('system-info');
  });

  it('validates requests at the boundary', () => {
    expect(parseRequest('system-info', {})).toEqual({});
    expect(() => parseRequest('system-info', { verbose: true })).toThrow(
      'verbose: is not a known field',
    );
  });

  it('takes run statuses and sort keys from the one list of each', () => {
    const filter = { status: [...RUN_STATUSES] };
    expect(parseRequest('runs-list', { filter })).toEqual({ filter });
    for (const key of [...RUN_SORT_COLUMNS, 'metric:bpd:min', 'metric:train/loss:last']) {
      expect(parseRequest('runs-list', { sort: { key, dir: 'asc' } }).sort?.key).toBe(key);
    }
    for (const key of ['notes', 'metric:bpd:mean', 'metric::last']) {
      expect(() => parseRequest('runs-list', { sort: { key, dir: 'asc' } })).toThrow(
        /^sort\.key: expected a runs column or metric:<key>:last\|min\|max/,
      );
    }
    expect(() => parseRequest('runs-list', { filter: { status: ['paused'] } })).toThrow(
      'filter.status[0]',
    );
  });

  it('makes a backend without every handler a compile error', () => {
    // @ts-expect-error 'system-info' is missing: the compiler must reject this object.
    const incomplete: Handlers = {};
    expect(incomplete).toEqual({});
  });
});
