import { describe, expect, it } from 'vitest';
import { closedFormKernel, stationaryCovariance, transitionKernel } from '#shared/mdm/kernels';
import { expm } from '#shared/mdm/linalg/expm';
import { identity, maxAbsDiff } from '#shared/mdm/linalg/matrix';
import { learnedSpec, presetSpec, PRESET_NAMES, randomLearnedParams } from '#shared/mdm/spec';
import { FIXTURE_ROUNDING, fixtureCases } from './fixtures';

/** The fixture file carries 8 decimals, so 1e-10 agreement shows as equality after rounding. */
const roundTo8 = (m: number[][]): number[][] =>
  m.map((row) => row.map((v) => Math.round(v * 1e8) / 1e8));

describe('float64 transition kernels (docs/science.md §3)', () => {
  it.each(fixtureCases.map((c) => [`${c.preset} t=${c.t} ${c.kind}`, c] as const))(
    '%s matches the fixture: rounded to its 8 decimals, every entry is equal',
    (_, c) => {
      const kernel = transitionKernel(presetSpec(c.preset), c.t, c.kind);
      expect(maxAbsDiff(kernel.phi, c.phi)).toBeLessThanOrEqual(FIXTURE_ROUNDING);
      expect(maxAbsDiff(kernel.sigma, c.sigma)).toBeLessThanOrEqual(FIXTURE_ROUNDING);
      expect(maxAbsDiff(roundTo8(kernel.phi), c.phi)).toBeLessThan(1e-15);
      expect(maxAbsDiff(roundTo8(kernel.sigma), c.sigma)).toBeLessThan(1e-15);
    },
  );

  const specs = [
    ...PRESET_NAMES.map((name) => presetSpec(name)),
    presetSpec('malda', { k: 5 }),
    learnedSpec(randomLearnedParams(3, 7)),
    learnedSpec(randomLearnedParams(4, 8, true)),
  ];
  it.each(specs.map((s) => [s.name, s] as const))(
    '%s: block-matrix and closed forms agree to 1e-12',
    (_, spec) => {
      for (const t of [1e-3, 0.1, 0.25, 0.6, 1]) {
        for (const kind of ['full', 'hybrid'] as const) {
          const block = transitionKernel(spec, t, kind);
          const closed = closedFormKernel(spec, t, kind);
          expect(maxAbsDiff(block.phi, closed.phi)).toBeLessThan(1e-12);
          expect(maxAbsDiff(block.sigma, closed.sigma)).toBeLessThan(1e-12);
        }
      }
      expect(maxAbsDiff(stationaryCovariance(spec), identity(spec.k))).toBeLessThan(1e-10);
    },
  );

  it('expm matches known exponentials', () => {
    const rotation = expm([
      [0, -Math.PI / 3],
      [Math.PI / 3, 0],
    ]);
    const c = Math.cos(Math.PI / 3);
    const s = Math.sin(Math.PI / 3);
    expect(
      maxAbsDiff(rotation, [
        [c, -s],
        [s, c],
      ]),
    ).toBeLessThan(1e-15);
    expect(
      maxAbsDiff(
        expm([
          [3, 1],
          [0, 3],
        ]),
        [
          [Math.exp(3), Math.exp(3)],
          [0, Math.exp(3)],
        ],
      ),
    ).toBeLessThan(1e-12);
  });

  it('small-t covariances keep their relative accuracy (alda full kernel, Σ_xx ~ B⁵)', () => {
    // For alda, x receives noise only through two Q couplings: Σ_xx ≈ 2·B⁵/5! · 4!/… > 0 and tiny.
    const sigma = transitionKernel(presetSpec('alda'), 1e-3, 'full').sigma;
    const b = 0.1 * 1e-3 + (9.9 * 1e-6) / 2;
    const leading = (2 * b ** 5) / 20;
    expect(sigma[0]![0]! / leading).toBeCloseTo(1, 2);
  });
});
