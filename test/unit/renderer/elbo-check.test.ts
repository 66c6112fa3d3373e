import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '#shared/mdm/tensor/verify';
import { elboCheck } from '../../../src-renderer/lib/designer/elbo-check';

const term = { mc: 0, stderr: 0, expected: 0 };
const report = (elboMc: number, elboExpected: number, logPx: number): VerifyReport => ({
  k: 2,
  elboMc,
  elboMcStderr: 0.01,
  elboExpected,
  logPx,
  gap: logPx - elboExpected,
  terms: { prior: term, diffusion: term, auxEntropy: term, offset: term },
});

describe('the Verify ELBO verdict', () => {
  it('passes when Monte Carlo matches the closed form and the gap is small and non-negative', () => {
    const check = elboCheck(report(-0.52, -0.515, -0.5147));
    expect(check.level).toBe('pass');
    expect(check.headline).toMatch(/^Pass/);
    expect(check.z).toBeCloseTo(-0.5);
  });

  it('fails when Monte Carlo and closed form disagree by more than four standard errors', () => {
    expect(elboCheck(report(-0.6, -0.515, -0.5147)).level).toBe('fail');
    expect(elboCheck({ ...report(-0.5, -0.5, -0.49), elboMc: Number.NaN }).level).toBe('fail');
  });

  it('fails when the ELBO exceeds log p(x), and warns when the bound is loose', () => {
    expect(elboCheck(report(-0.4, -0.4, -0.5)).headline).toMatch(/no bound/);
    expect(elboCheck(report(-0.6, -0.6, -0.5)).level).toBe('loose');
  });
});
