import { describe, expect, it } from 'vitest';
import {
  axisFor,
  configKeys,
  parallelDimensions,
  place,
  ticks,
} from '../../../src-renderer/lib/runs/across';
import { summary } from './support';

describe('across-runs axes', () => {
  it('offers config keys, the varying ones first, without name, notes or tags', () => {
    const keys = configKeys([
      { name: 'a', steps: 10, learningRate: 1e-4, diffusion: { preset: 'cld' }, tags: ['x'] },
      { name: 'b', steps: 10, learningRate: 1e-3, diffusion: { preset: 'vpsde' }, tags: [] },
    ]);
    expect(keys).toEqual(['diffusion.preset', 'learningRate', 'steps']);
  });

  it('makes numeric axes from numbers (log when spanning two decades) and categories otherwise', () => {
    expect(axisFor([1, 3, undefined, 2])).toEqual({ kind: 'numeric', min: 1, max: 3, log: false });
    expect(axisFor([1e-5, 1e-3])).toEqual({ kind: 'numeric', min: 1e-5, max: 1e-3, log: true });
    expect(axisFor(['cld', 'vpsde', 'cld', true])).toEqual({
      kind: 'categorical',
      categories: ['cld', 'true', 'vpsde'],
    });
    expect(axisFor([undefined])).toBeNull();
  });

  it('places values in [0, 1] and leaves what cannot be placed out', () => {
    const lin = axisFor([0, 10])!;
    expect(place(lin, 5)).toBe(0.5);
    expect(place(lin, 'x')).toBeNull();
    const log = axisFor([1e-4, 1e-2])!;
    expect(place(log, 1e-3)).toBeCloseTo(0.5);
    const cat = axisFor(['a', 'b'])!;
    expect(place(cat, 'b')).toBe(0.75);
    expect(place(cat, undefined)).toBeNull();
    expect(place(axisFor([4, 4])!, 4)).toBe(0.5);
  });

  it('labels ticks: every category, powers of ten on log axes, round steps on linear ones', () => {
    expect(ticks(axisFor(['a', 'b'])!).map((t) => t.label)).toEqual(['a', 'b']);
    expect(ticks(axisFor([1e-5, 1e-3])!).map((t) => t.label)).toEqual([
      '1.00e-5',
      '1.00e-4',
      '0.001',
    ]);
    expect(ticks(axisFor([0, 1])!).map((t) => t.label)).toEqual([
      '0',
      '0.2',
      '0.4',
      '0.6',
      '0.8',
      '1',
    ]);
    for (const t of ticks(axisFor([3.7, 91.2])!)) {
      expect(t.at).toBeGreaterThanOrEqual(0);
      expect(t.at).toBeLessThanOrEqual(1);
    }
  });

  it('builds parallel-coordinate dimensions from varying settings and final metrics', () => {
    const dims = parallelDimensions([
      {
        config: { steps: 10, learningRate: 1e-4, dataset: 'mnist' },
        metrics: { 'test/bpd': summary('test/bpd', 1.4), loss: summary('loss', 60) },
      },
      {
        config: { steps: 10, learningRate: 2e-4, dataset: 'two-moons' },
        metrics: { 'test/npd': summary('test/npd', 2.2), loss: summary('loss', 4) },
      },
    ]);
    expect(dims.map((d) => d.key)).toEqual([
      'dataset',
      'learningRate',
      'test/bpd',
      'test/npd',
      'loss',
    ]);
    expect(dims.find((d) => d.key === 'test/bpd')!.values).toEqual([1.4, undefined]);
  });
});
