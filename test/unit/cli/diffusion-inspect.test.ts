import { describe, expect, it } from 'vitest';
import { runMdm } from './diffusion-io';
import { FIXTURE_ROUNDING, fixtureCases } from '../mdm/fixtures';
import { maxAbsDiff } from '#shared/mdm/linalg/matrix';

describe('mdm diffusion inspect', () => {
  it('prints stable JSON whose kernels match the fixtures', async () => {
    for (const preset of ['vpsde', 'cld', 'alda', 'malda'] as const) {
      const { code, out } = await runMdm(
        'diffusion',
        'inspect',
        '--preset',
        preset,
        '--t',
        '0.25',
        '--json',
      );
      expect(code).toBe(0);
      const report = JSON.parse(out) as Record<string, unknown>;
      expect(Object.keys(report).slice(0, 7)).toEqual([
        'k',
        'valid',
        'errors',
        't',
        'phi',
        'sigma_full',
        'sigma_hybrid',
      ]);
      expect(report.valid).toBe(true);
      const full = fixtureCases.find(
        (c) => c.preset === preset && c.t === 0.25 && c.kind === 'full',
      )!;
      const hybrid = fixtureCases.find(
        (c) => c.preset === preset && c.t === 0.25 && c.kind === 'hybrid',
      )!;
      expect(maxAbsDiff(report.phi as number[][], full.phi)).toBeLessThanOrEqual(FIXTURE_ROUNDING);
      expect(maxAbsDiff(report.sigma_full as number[][], full.sigma)).toBeLessThanOrEqual(
        FIXTURE_ROUNDING,
      );
      expect(maxAbsDiff(report.sigma_hybrid as number[][], hybrid.sigma)).toBeLessThanOrEqual(
        FIXTURE_ROUNDING,
      );
    }
  });

  it('prints readable tables by default, for presets, learned draws and user matrices', async () => {
    const cld = await runMdm('diffusion', 'inspect', '--preset', 'cld');
    expect(cld.code).toBe(0);
    expect(cld.out).toContain('Σ_t hybrid');
    expect(cld.out).toContain('Stationary check');
    const learned = await runMdm(
      ...'diffusion inspect --preset learned-4 --seed 3 --json'.split(' '),
    );
    expect(JSON.parse(learned.out)).toMatchObject({ k: 4, valid: true, name: 'learned-4' });
    const custom = await runMdm(
      ...'diffusion inspect --q [[0,-2],[2,0]] --d [[0,0],[0,1]] --beta1 5'.split(' '),
    );
    expect(custom.code).toBe(0);
    expect(custom.out).toContain('β1 = 5');
  });

  it.each([
    [
      'a non-skew Q',
      ['--q', '[[0,1],[0,0]]', '--d', '[[1,0],[0,1]]'],
      'Q is not skew-symmetric: Q[0][1] = 1 but Q[1][0] = 0',
    ],
    [
      'an indefinite D',
      ['--q', '[[0,-1],[1,0]]', '--d', '[[1,2],[2,1]]'],
      'D is not positive semi-definite',
    ],
    ['mismatched sizes', ['--q', '[[0,-1],[1,0]]', '--d', '[[1]]'], 'D has 1 rows but K = 2'],
    [
      'a --k that disagrees with Q',
      ['--q', '[[0,-1],[1,0]]', '--d', '[[0,0],[0,1]]', '--k', '3'],
      'Q has 2 rows but K = 3',
    ],
    [
      'NaN entries',
      ['--q', '[[0,NaN],[1,0]]', '--d', '[[1,0],[0,1]]'],
      'Q[0][1] = NaN is not a finite number',
    ],
    ['t outside [0, 1]', ['--preset', 'cld', '--t', '1.5'], '--t must be in [0, 1]'],
    ['a t that is not a number', ['--preset', 'cld', '--t', 'soon'], '--t must be a number'],
    ['an unknown preset', ['--preset', 'ddpm'], "unknown preset 'ddpm'"],
    ['malformed JSON', ['--q', '[[0,', '--d', '[[1]]'], '--q is not valid JSON'],
    ['both a preset and matrices', ['--preset', 'cld', '--q', '[[0]]', '--d', '[[1]]'], 'not both'],
    ['an unknown option', ['--preset', 'cld', '--frobnicate'], 'frobnicate'],
  ])('rejects %s with one line and exit code 2', async (_, args, message) => {
    const { code, err } = await runMdm('diffusion', 'inspect', ...args);
    expect(code).toBe(2);
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toContain(message);
  });

  it('still prints the validation result as JSON before failing', async () => {
    const { code, out } = await runMdm(
      ...'diffusion inspect --q [[0,1],[0,0]] --d [[1,0],[0,1]] --json'.split(' '),
    );
    expect(code).toBe(2);
    expect(JSON.parse(out)).toMatchObject({ k: 2, valid: false, phi: null });
  });

  it('rejects an unknown sub-command', async () => {
    const { code, err } = await runMdm('diffusion', 'plot');
    expect(code).toBe(2);
    expect(err).toContain("unknown sub-command 'plot'");
  });
});
