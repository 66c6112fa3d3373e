import { describe, expect, it } from 'vitest';
import { buildSpec, type Draft } from '../../../src-renderer/lib/designer/draft';
import { variableLabels } from '../../../src-renderer/lib/designer/labels';
import {
  formatEntry,
  isDiagonalText,
  keepDiagonal,
  matrixFromText,
  negateText,
  parseEntry,
  resizeText,
  setSkewEntry,
  setSymmetricEntry,
  textFromMatrix,
} from '../../../src-renderer/lib/designer/matrix-text';
import { cellsNamed, fieldOf, messagesByField } from '../../../src-renderer/lib/designer/messages';
import { priorGap, priorVerdict } from '../../../src-renderer/lib/designer/verdict';
import { customSpec, presetSpec } from '#shared/mdm/spec';
import { forwardSummary } from '#shared/mdm/summary';

describe('matrix text editing', () => {
  it('parses entries, rejecting empty and partial input', () => {
    expect(parseEntry(' 1.5 ')).toBe(1.5);
    expect(parseEntry('\u22122')).toBe(-2);
    expect(parseEntry('1e-3')).toBe(0.001);
    for (const t of ['', ' ', '-', '1.2.3', 'abc']) expect(Number.isNaN(parseEntry(t))).toBe(true);
  });

  it('negates text keeping its spelling', () => {
    expect(negateText('1.5')).toBe('-1.5');
    expect(negateText('-1.5')).toBe('1.5');
    expect(negateText('\u22122')).toBe('2');
    expect(negateText('+3')).toBe('-3');
    expect(negateText('1e-3')).toBe('-1e-3');
    expect(negateText('0')).toBe('0');
    expect(negateText('-0')).toBe('0');
    expect(negateText('-')).toBe('');
  });

  it('mirrors Q entries to their skew partner and keeps the diagonal', () => {
    const q = resizeText([], 3, '0');
    const next = setSkewEntry(q, 0, 2, '-1.5');
    expect(next[0]![2]).toBe('-1.5');
    expect(next[2]![0]).toBe('1.5');
    expect(q[0]![2]).toBe('0');
    expect(setSkewEntry(next, 1, 1, '4')).toBe(next);
    const m = matrixFromText(next);
    m.forEach((row, i) => row.forEach((x, j) => expect(x).toBe(-m[j]![i]! || 0)));
  });

  it('mirrors D entries symmetrically', () => {
    const d = setSymmetricEntry(resizeText([], 2, '1'), 1, 0, '0.3');
    expect(d).toEqual([
      ['1', '0.3'],
      ['0.3', '1'],
    ]);
    expect(isDiagonalText(d)).toBe(false);
    expect(keepDiagonal(d)).toEqual([
      ['1', '0'],
      ['0', '1'],
    ]);
    expect(isDiagonalText(keepDiagonal(d))).toBe(true);
  });

  it('resizes keeping the top-left block', () => {
    expect(
      resizeText(
        [
          ['0', '-1'],
          ['1', '0'],
        ],
        3,
        '2',
      ),
    ).toEqual([
      ['0', '-1', '0'],
      ['1', '0', '0'],
      ['0', '0', '2'],
    ]);
    expect(
      resizeText(
        [
          ['a', 'b'],
          ['c', 'd'],
        ],
        1,
        '2',
      ),
    ).toEqual([['a']]);
  });

  it('formats numbers compactly', () => {
    expect(textFromMatrix([[0, -1, 0.1 + 0.2, 1e-7, -0]])).toEqual([
      ['0', '-1', '0.3', '1e-7', '0'],
    ]);
    expect(formatEntry(2.5e6)).toBe('2.5e+6');
  });

  it('names the variables', () => {
    expect(variableLabels(3)).toEqual(['x', 'v₁', 'v₂']);
    expect(variableLabels(12)[11]).toBe('v₁₁');
  });
});

describe('validation messages next to their fields', () => {
  it('routes messages by the field they name', () => {
    expect(fieldOf('Q is not skew-symmetric: Q[0][1] = 1 but Q[1][0] = 1')).toBe('q');
    expect(fieldOf('D is not positive semi-definite: its smallest eigenvalue is -1')).toBe('d');
    expect(fieldOf('β0 = -1 must be a finite number ≥ 0')).toBe('beta0');
    expect(fieldOf('β0 and β1 are both 0: the diffusion would not move')).toBe('beta1');
    expect(fieldOf('σv² = 0 must be a finite number > 0')).toBe('sigmaV2');
    expect(fieldOf('K = 0 must be an integer ≥ 1')).toBe('k');
    expect(fieldOf('the noise injected through D never reaches every variable')).toBe('general');
    const grouped = messagesByField(['D[0][0] bad', 'Q one', 'Q two']);
    expect(grouped.get('q')).toEqual(['Q one', 'Q two']);
  });

  it('finds the cells a message names', () => {
    expect([
      ...cellsNamed(['Q is not skew-symmetric: Q[0][1] = 1 but Q[1][0] = 1', 'D[2][2] = -1'], 'Q'),
    ]).toEqual(['0-1', '1-0']);
    expect([...cellsNamed(['D is not positive semi-definite: D[2][2] = -1 < 0'], 'D')]).toEqual([
      '2-2',
    ]);
  });
});

describe('buildSpec', () => {
  const draft = (over: Partial<Draft>): Draft => ({
    mode: 'custom',
    k: 3,
    q: resizeText([], 3, '0'),
    d: resizeText([], 3, '1'),
    seed: 0,
    fullD: false,
    beta0: '0.1',
    beta1: '10',
    sigmaV2: '0.01',
    ...over,
  });

  it('builds presets, learned and custom specs', () => {
    expect(buildSpec(draft({ mode: 'cld', k: 2 })).spec?.name).toBe('cld');
    expect(buildSpec(draft({ mode: 'malda', k: 5 })).spec?.k).toBe(5);
    expect(buildSpec(draft({ mode: 'learned', k: 4, seed: 3 })).spec?.name).toBe('learned-4');
    const custom = buildSpec(draft({ q: setSkewEntry(resizeText([], 3, '0'), 0, 1, '-1') }));
    expect(custom.errors).toEqual([]);
    expect(custom.spec?.q[1]![0]).toBe(1);
  });

  it('rejects an indefinite D with the validator’s message and no spec', () => {
    const d = setSymmetricEntry(resizeText([], 3, '1'), 0, 1, '2');
    const built = buildSpec(draft({ d }));
    expect(built.spec).toBeNull();
    expect(built.errors).toHaveLength(1);
    expect(built.errors[0]).toMatch(/^D is not positive semi-definite/);
  });

  it('reports unparsable entries and scalars by name', () => {
    const built = buildSpec(
      draft({ q: setSkewEntry(resizeText([], 3, '0'), 0, 1, '-'), beta0: 'x' }),
    );
    expect(built.spec).toBeNull();
    expect(built.errors.some((m) => m.startsWith('Q[0][1] = NaN'))).toBe(true);
    expect(buildSpec(draft({ beta0: 'x' })).errors).toEqual([
      'β0 = NaN must be a finite number in [0, 1000]',
    ]);
  });
});

describe('priorVerdict', () => {
  it('grades KL(q(u_T) ‖ N(0, I)) per coordinate by the bits/dim it adds', () => {
    expect(priorVerdict(1e-7).level).toBe('reaches');
    expect(priorVerdict(5e-4).level).toBe('reaches');
    expect(priorVerdict(3e-3).level).toBe('close');
    expect(priorVerdict(1.7e-2).level).toBe('far');
    expect(priorVerdict(Number.NaN).level).toBe('far');
    expect(priorVerdict(Math.LN2).bitsPerDim).toBeCloseTo(1, 12);
  });

  it('takes the worst data variance, so a slow x is not hidden by unit-variance data', () => {
    const slowX = customSpec(
      [
        [0, 0],
        [0, 0],
      ],
      [
        [0.05, 0],
        [0, 1],
      ],
    );
    expect(forwardSummary(slowX, 2, 1).klToPrior).toBeLessThan(1e-8);
    expect(priorVerdict(priorGap(slowX)).level).toBe('far');
    expect(priorVerdict(priorGap(presetSpec('vpsde'))).level).toBe('reaches');
    expect(priorVerdict(priorGap(presetSpec('cld'))).level).toBe('reaches');
    expect(priorVerdict(priorGap(presetSpec('malda'))).level).toBe('reaches');
    expect(priorVerdict(priorGap(presetSpec('alda'))).level).toBe('far');
  });
});
