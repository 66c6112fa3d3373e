import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from '../../../src-renderer/lib/runs/route';
import { orderMetricKeys } from '../../../src-renderer/lib/runs/metrics';
import { formatAgo, formatMetric } from '../../../src-renderer/lib/runs/format';

describe('routes', () => {
  it('parses every view and falls back to the runs page', () => {
    expect(parseRoute('#/runs')).toEqual({ view: 'runs' });
    expect(parseRoute('')).toEqual({ view: 'runs' });
    expect(parseRoute('#/new')).toEqual({ view: 'new' });
    expect(parseRoute('#/new?from=12')).toEqual({ view: 'new', from: 12 });
    expect(parseRoute('#/new?from=x')).toEqual({ view: 'new' });
    expect(routePath({ view: 'new', from: 12 })).toBe('/new?from=12');
    expect(parseRoute('#/runs/12')).toEqual({ view: 'run', id: 12 });
    expect(parseRoute('#/runs/abc')).toEqual({ view: 'runs' });
    expect(parseRoute('#/runs/0')).toEqual({ view: 'runs' });
    expect(parseRoute('#/runs/gpu:12')).toEqual({ view: 'run', id: 12, server: 'gpu' });
    expect(parseRoute('#/runs/gpu:0')).toEqual({ view: 'runs' });
    expect(parseRoute('#/runs/a b:1')).toEqual({ view: 'runs' });
    const local = (id: number) => ({ server: 'local', id });
    expect(parseRoute('#/compare?ids=3,1,x,3')).toEqual({
      view: 'compare',
      refs: [local(3), local(1)],
    });
    expect(parseRoute('#/compare?ids=3,gpu:3,gpu:3,local:3')).toEqual({
      view: 'compare',
      refs: [local(3), { server: 'gpu', id: 3 }],
    });
    expect(parseRoute('#/compare')).toEqual({ view: 'compare', refs: [] });
    expect(parseRoute('#/across?ids=4,gpu:2,4')).toEqual({
      view: 'across',
      refs: [
        { server: 'local', id: 4 },
        { server: 'gpu', id: 2 },
      ],
    });
  });

  it('prints routes that parse back to themselves', () => {
    const hashes = ['#/runs', '#/new', '#/runs/7', '#/runs/gpu:7', '#/compare?ids=1,gpu:2'];
    for (const hash of [...hashes, '#/across?ids=3,4,gpu:5']) {
      expect(`#${routePath(parseRoute(hash))}`).toBe(hash);
    }
  });
});

describe('metric helpers', () => {
  it('orders known metrics first and hides standard errors', () => {
    expect(orderMetricKeys(['zeta', 'lr', 'test/bpd_stderr', 'bpd_aux', 'loss', 'alpha'])).toEqual([
      'loss',
      'bpd_aux',
      'lr',
      'alpha',
      'zeta',
    ]);
  });

  it('formats metric values and ages', () => {
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(1.234567)).toBe('1.235');
    expect(formatMetric(1234567)).toBe('1.23e+6');
    expect(formatAgo(0, 10_000)).toBe('just now');
    expect(formatAgo(0, 5 * 60_000)).toBe('5 min ago');
    expect(formatAgo(0, 3 * 3_600_000)).toBe('3 h ago');
  });
});
