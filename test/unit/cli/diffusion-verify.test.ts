import { describe, expect, it } from 'vitest';
import { runMdm } from './diffusion-io';

describe('mdm diffusion verify', () => {
  it('prints stable JSON: Monte Carlo ELBO within 4 standard errors of the closed form, small gap', async () => {
    const { code, out } = await runMdm(
      ...'diffusion verify --preset learned-3 --seed 2 --samples 4000 --json'.split(' '),
    );
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      k: number;
      elbo_mc: number;
      elbo_mc_stderr: number;
      elbo_expected: number;
      log_px: number;
      gap: number;
      terms: Record<string, unknown>;
    };
    expect(Object.keys(report).slice(0, 7)).toEqual([
      'k',
      'elbo_mc',
      'elbo_mc_stderr',
      'elbo_expected',
      'log_px',
      'gap',
      'terms',
    ]);
    expect(Object.keys(report.terms)).toEqual(['prior', 'diffusion', 'aux_entropy', 'offset']);
    expect(report.k).toBe(3);
    expect(Math.abs(report.elbo_mc - report.elbo_expected)).toBeLessThan(4 * report.elbo_mc_stderr);
    expect(report.gap).toBeGreaterThan(0);
    expect(report.gap).toBeLessThan(0.005);
    expect(report.log_px).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * 0.25) - 0.04 / 0.5, 12);
  });

  it('prints a readable table with each term', async () => {
    const { code, out } = await runMdm(
      ...'diffusion verify --preset vpsde --samples 500 --x 0 --mu 0 --var 1'.split(' '),
    );
    expect(code).toBe(0);
    for (const label of [
      'log p(x) exact',
      'E[ELBO] closed form',
      'ELBO Monte Carlo',
      'prior',
      'diffusion',
      'auxEntropy',
      'offset',
    ]) {
      expect(out).toContain(label);
    }
  });

  it.each([
    ['a non-skew Q', ['--q', '[[0,1],[0,0]]', '--d', '[[1,0],[0,1]]'], 'Q is not skew-symmetric'],
    [
      'an indefinite D',
      ['--q', '[[0,-1],[1,0]]', '--d', '[[0,1],[1,0]]'],
      'D is not positive semi-definite',
    ],
    ['a non-positive data variance', ['--preset', 'cld', '--var=-1'], '--var must be > 0'],
    ['a negative variance without =', ['--preset', 'cld', '--var', '-1'], '--var must be > 0'],
    ['too few samples', ['--preset', 'cld', '--samples', '1'], '--samples must be an integer ≥ 2'],
  ])('rejects %s with one line and exit code 2', async (_, args, message) => {
    const { code, err } = await runMdm('diffusion', 'verify', ...args);
    expect(code).toBe(2);
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toContain(message);
  });
});
