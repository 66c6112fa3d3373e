import { describe, expect, it } from 'vitest';
import { configDiff, flattenConfig } from '../../../src-renderer/lib/runs/config-diff';

describe('config diff', () => {
  it('flattens nested objects to dot paths and keeps arrays as leaves', () => {
    const flat = flattenConfig({ a: 1, diffusion: { preset: 'cld', q: [[0, 1]] }, tags: ['x'] });
    expect([...flat]).toEqual([
      ['a', 1],
      ['diffusion.preset', 'cld'],
      ['diffusion.q', [[0, 1]]],
      ['tags', ['x']],
    ]);
  });

  it('lists only the keys that differ, missing keys included, sorted', () => {
    const rows = configDiff([
      { steps: 1000, lr: 2e-4, diffusion: { preset: 'vpsde' }, d: [[1, 0]], same: 'x' },
      { steps: 1000, lr: 1e-4, diffusion: { preset: 'cld', k: 2 }, d: [[1, 0]], same: 'x' },
      { steps: 1000, lr: 2e-4, diffusion: { preset: 'vpsde' }, d: [[1, 0.5]], same: 'x' },
    ]);
    expect(rows).toEqual([
      { key: 'd', values: [[[1, 0]], [[1, 0]], [[1, 0.5]]] },
      { key: 'diffusion.k', values: [undefined, 2, undefined] },
      { key: 'diffusion.preset', values: ['vpsde', 'cld', 'vpsde'] },
      { key: 'lr', values: [2e-4, 1e-4, 2e-4] },
    ]);
  });

  it('is empty for identical configs and for a single config', () => {
    expect(configDiff([{ a: { b: [1, 2] } }, { a: { b: [1, 2] } }])).toEqual([]);
    expect(configDiff([{ a: 1 }])).toEqual([]);
  });
});
