import { describe, expect, it } from 'vitest';
import * as specs from '#shared/mdm/spec';
import { forwardSummary } from '#shared/mdm/summary';
import { validateSpec } from '#shared/mdm/validate';

describe('diffusion spec validation (docs/science.md §2)', () => {
  it('accepts every preset and learned draws', () => {
    for (const name of specs.PRESET_NAMES) expect(validateSpec(specs.presetSpec(name))).toEqual([]);
    expect(validateSpec(specs.presetSpec('malda', { k: 6 }))).toEqual([]);
    expect(validateSpec(specs.learnedSpec(specs.randomLearnedParams(3, 1)))).toEqual([]);
    expect(validateSpec(specs.learnedSpec(specs.randomLearnedParams(3, 2, true)))).toEqual([]);
  });

  it('learned Q is skew and D = diag(softplus(d) + 1e-3)', () => {
    const spec = specs.learnedSpec({
      q: [
        [0, 5],
        [2, 0],
      ],
      d: [0, -100],
    });
    expect(spec.q).toEqual([
      [0, 3],
      [-3, 0],
    ]);
    expect(spec.d[0]![0]).toBeCloseTo(Math.log(2) + 1e-3, 12);
    expect(spec.d[1]![1]).toBeCloseTo(1e-3, 12);
    expect(spec.name).toBe('learned-2');
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it.each([
    [
      'non-skew Q',
      specs.customSpec(
        [
          [0, -1],
          [0.5, 0],
        ],
        [
          [0, 0],
          [0, 2],
        ],
      ),
      /Q is not skew-symmetric: Q\[0\]\[1\] = -1 but Q\[1\]\[0\] = 0.5/,
    ],
    [
      'Q with a diagonal',
      specs.customSpec(
        [
          [0.2, -1],
          [1, 0],
        ],
        [
          [0, 0],
          [0, 2],
        ],
      ),
      /Q\[0\]\[0\] = 0.2 must be 0/,
    ],
    [
      'asymmetric D',
      specs.customSpec(
        [
          [0, -1],
          [1, 0],
        ],
        [
          [1, 0.3],
          [0, 2],
        ],
      ),
      /D is not symmetric: D\[0\]\[1\] = 0.3 but D\[1\]\[0\] = 0/,
    ],
    [
      'negative D entry',
      specs.customSpec(
        [
          [0, -1],
          [1, 0],
        ],
        [
          [0, 0],
          [0, -2],
        ],
      ),
      /D\[1\]\[1\] = -2 < 0/,
    ],
    [
      'indefinite D',
      specs.customSpec(
        [
          [0, -1],
          [1, 0],
        ],
        [
          [1, 2],
          [2, 1],
        ],
      ),
      /D is not positive semi-definite: its smallest eigenvalue is -1/,
    ],
    [
      'mismatched sizes',
      specs.customSpec(
        [
          [0, -1],
          [1, 0],
        ],
        [[1]],
      ),
      /D has 1 rows but K = 2/,
    ],
    [
      'ragged rows',
      specs.customSpec(
        [[0, -1], [1]],
        [
          [1, 0],
          [0, 1],
        ],
      ),
      /Q row 1 has 1 entries but K = 2/,
    ],
    [
      'NaN entries',
      specs.customSpec(
        [
          [0, Number.NaN],
          [1, 0],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ),
      /Q\[0\]\[1\] = NaN is not a finite number/,
    ],
    [
      'unreachable variable',
      specs.customSpec(
        [
          [0, 0],
          [0, 0],
        ],
        [
          [0, 0],
          [0, 1],
        ],
      ),
      /never reaches every variable/,
    ],
    ['negative σv²', { ...specs.presetSpec('cld'), sigmaV2: -1 }, /σv² = -1/],
  ])('rejects %s with a message naming it', (_, spec, message) => {
    const errors = validateSpec(spec);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it('forward summary: x decays, all stds approach 1, q(u_T) is close to N(0, I) for vpsde', () => {
    const summary = forwardSummary(specs.presetSpec('vpsde'), 11);
    expect(summary.t).toHaveLength(11);
    expect(summary.meanCoef[0]).toEqual([1]);
    expect(summary.std[0]![0]).toBe(0);
    expect(summary.meanCoef[10]![0]).toBeCloseTo(0.08005831, 8);
    expect(summary.std[10]![0]).toBeCloseTo(Math.sqrt(0.99359067), 8);
    expect(summary.klToPrior).toBeGreaterThan(0);
    expect(summary.klToPrior).toBeLessThan(1e-4);
    expect(forwardSummary(specs.presetSpec('alda'), 3).klToPrior).toBeGreaterThan(
      summary.klToPrior,
    );
  });
});
