/// <reference lib="dom" />
import { expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seedDatasetRuns, type SeededRun } from './seed-datasets';
import { resultsDir, setRange, useStartedApp, watchConsole } from './support';

let moons: SeededRun;
let mnist: SeededRun;
const started = useStartedApp((home) => {
  const seeded = seedDatasetRuns(home);
  moons = seeded.moons[0]!;
  mnist = seeded.mnist[0]!;
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(resultsDir, `compare-datasets-${name}.png`), fullPage: true });

/** The step each run's sample caption names, once both runs show a picture. */
async function shownSteps(page: Page): Promise<[string | null, string | null]> {
  await page.waitForSelector(`[data-testid="compare-sample-${mnist.id}"]`);
  await page.waitForSelector(`[data-testid="compare-sample-${moons.id}"]`);
  return [
    await page.getByTestId(`compare-sample-step-${mnist.id}`).textContent(),
    await page.getByTestId(`compare-sample-step-${moons.id}`).textContent(),
  ];
}

it('compares a two-moons and an MNIST run: samples at their own steps, a dataset warning, separate axes', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  await page.goto(`${started.base}#/compare?ids=${mnist.id},${moons.id}`);
  await page.waitForSelector('[data-testid="compare-table"]');

  // The warning names both datasets; each metric gets one chart per dataset, never a shared axis.
  const warning = page.getByTestId('compare-dataset-warning');
  await expect.poll(() => warning.isVisible()).toBe(true);
  expect(await warning.textContent()).toMatch(/mnist \(1 run\).*two-moons \(1 run\)/);
  await page.waitForSelector('[data-testid="chart-elbo-mnist"] canvas');
  await page.waitForSelector('[data-testid="chart-elbo-two-moons"] canvas');
  expect(await page.locator('[data-testid="chart-elbo"]').count()).toBe(0);
  // The final column shows each run's own unit: BPD for MNIST, NPD for two-moons.
  expect(await page.getByTestId(`compare-bpd-${mnist.id}`).textContent()).toContain('bpd');
  expect(await page.getByTestId(`compare-bpd-${moons.id}`).textContent()).toContain('npd');

  // Steps of both runs on one slider: 0, 250, 500, 1000, 2000; it starts at 500 (both reached it),
  // where MNIST shows its nearest sample (0 and 1000 tie: the earlier).
  const slider = page.getByTestId('sample-slider');
  expect(await slider.getAttribute('max')).toBe('4');
  expect(await page.getByTestId('compare-step').textContent()).toBe('step 500');
  expect(await shownSteps(page)).toEqual(['step 0', 'step 500']);
  await shot(page, 'both');

  // At 250 only two-moons has a sample: MNIST shows its nearest (0), both pictures stay.
  await setRange(page, 'sample-slider', 1);
  await expect.poll(() => page.getByTestId('compare-step').textContent()).toBe('step 250');
  expect(await shownSteps(page)).toEqual(['step 0', 'step 250']);
  // At 2000 two-moons (last sample at 500) shows its last one.
  await setRange(page, 'sample-slider', 4);
  await expect.poll(() => page.getByTestId('compare-step').textContent()).toBe('step 2000');
  expect(await shownSteps(page)).toEqual(['step 2000', 'step 500']);
  await shot(page, 'slider-end');
  expect(errors).toEqual([]);
  await page.close();
});
