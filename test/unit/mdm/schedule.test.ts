import { describe, expect, it } from 'vitest';
import * as schedule from '#shared/mdm/schedule';

describe('β schedule and the sampling density of t (docs/science.md §2, §4)', () => {
  it('B(t) integrates β(t)', () => {
    expect(schedule.integratedBeta(schedule.DEFAULT_SCHEDULE, 1)).toBeCloseTo(5.05, 12);
    const h = 1e-6;
    const slope =
      (schedule.integratedBeta(schedule.DEFAULT_SCHEDULE, 0.4 + h) -
        schedule.integratedBeta(schedule.DEFAULT_SCHEDULE, 0.4 - h)) /
      (2 * h);
    expect(slope).toBeCloseTo(schedule.beta(schedule.DEFAULT_SCHEDULE, 0.4), 6);
  });

  it.each([
    ['importance', schedule.importanceDensity(schedule.DEFAULT_SCHEDULE, 1e-3)],
    ['importance, constant β', schedule.importanceDensity({ beta0: 2, beta1: 2 }, 1e-2)],
    ['uniform', schedule.uniformDensity(1e-3)],
  ])('%s: the quantile function inverts the CDF of the density on [tMin, 1]', (_, density) => {
    const tMin = density.quantile(0);
    expect(density.quantile(1)).toBeCloseTo(1, 12);
    // ∫_{tMin}^{q(u)} w = u, by the trapezoid rule on a log grid.
    for (const u of [0.1, 0.5, 0.9]) {
      const end = density.quantile(u);
      const n = 20000;
      let mass = 0;
      for (let i = 0; i < n; i++) {
        const a = tMin * (end / tMin) ** (i / n);
        const b = tMin * (end / tMin) ** ((i + 1) / n);
        mass += ((density.density(a) + density.density(b)) / 2) * (b - a);
      }
      expect(mass).toBeCloseTo(u, 5);
    }
  });

  it('importance density puts more mass at small t, where the diffusion loss is largest', () => {
    const density = schedule.importanceDensity(schedule.DEFAULT_SCHEDULE, 1e-3);
    expect(density.density(1e-3)).toBeGreaterThan(100 * density.density(1));
  });
});
