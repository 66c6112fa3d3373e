/// <reference lib="dom" />
import { expect, it } from 'vitest';
import path from 'node:path';
import type { JSHandle, Page } from 'playwright-core';
import { seedDatasetRuns, type SeededRun } from './seed-datasets';
import { resultsDir, setRange, useStartedApp, watchConsole } from './support';

let moons: SeededRun;
let moons2: SeededRun;
let mnist: SeededRun;
const started = useStartedApp((home) => {
  const seeded = seedDatasetRuns(home);
  [moons, moons2] = seeded.moons as [SeededRun, SeededRun];
  mnist = seeded.mnist[0]!;
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(resultsDir, `compare-datasets-${name}.png`), fullPage: true });

/** The step each run's sample caption names, once every run shows its sample. */
async function shownSteps(page: Page): Promise<(string | null)[]> {
  const runs = [mnist, moons, moons2];
  for (const run of runs) await page.waitForSelector(`[data-testid="compare-sample-${run.id}"]`);
  return Promise.all(
    runs.map((run) => page.getByTestId(`compare-sample-step-${run.id}`).textContent()),
  );
}

/** A 2-D run's scatter on the compare page (absent if it fell back to the picture). */
const scatterOf = (page: Page, run: SeededRun) =>
  page.locator(`[data-testid="compare-sample-${run.id}"] [data-testid="points-chart"]`);

/** Both two-moons runs show `step` as a scatter of all their points over the data set, on the same axes. */
async function expectSharedScatters(page: Page, step: number): Promise<void> {
  for (const run of [moons, moons2]) {
    const chart = scatterOf(page, run);
    await expect.poll(() => chart.getAttribute('data-step')).toBe(String(step));
    await expect.poll(() => chart.getAttribute('data-samples')).toBe('1024');
    await expect.poll(() => chart.getAttribute('data-data')).toBe('2000');
    expect(await page.locator(`[data-testid="compare-sample-${run.id}"] img`).count()).toBe(0);
  }
  const ranges = (run: SeededRun) =>
    Promise.all(['data-x-range', 'data-y-range'].map((a) => scatterOf(page, run).getAttribute(a)));
  const [x, y] = await ranges(moons);
  expect(x).toMatch(/^-?[\d.]+,-?[\d.]+$/);
  expect(y).toMatch(/^-?[\d.]+,-?[\d.]+$/);
  expect(await ranges(moons2)).toEqual([x, y]);
}

/**
 * Records, from now on, every time a run's sample (picture or scatter) leaves the page or the
 * loading mark "…" appears in the samples: the run page keeps the last one up while the next loads.
 */
const watchFlicker = (page: Page, runs: SeededRun[]): Promise<JSHandle<string[]>> =>
  page.evaluateHandle(
    (ids) => {
      const seen: string[] = [];
      const samples = ids.map((id) => `[data-testid="compare-sample-${id}"]`).join(', ');
      new MutationObserver((records) => {
        for (const record of records) {
          record.removedNodes.forEach((node) => {
            if (node instanceof Element && (node.matches(samples) || node.querySelector(samples)))
              seen.push(`removed ${node.outerHTML.slice(0, 80)}`);
          });
          record.addedNodes.forEach((node) => {
            if (node.textContent?.includes('…')) seen.push(`added ${node.textContent}`);
          });
        }
      }).observe(document.querySelector('[data-testid="compare-samples"]')!, {
        childList: true,
        subtree: true,
      });
      return seen;
    },
    runs.map((run) => run.id),
  );

it('compares two two-moons runs and an MNIST run: samples at their own steps, 2-D scatters on shared axes, a dataset warning', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  await page.goto(`${started.base}#/compare?ids=${mnist.id},${moons.id},${moons2.id}`);
  await page.waitForSelector('[data-testid="compare-table"]');

  // The warning names both datasets; each metric gets one chart per dataset, never a shared axis.
  const warning = page.getByTestId('compare-dataset-warning');
  await expect.poll(() => warning.isVisible()).toBe(true);
  await expect.poll(() => warning.textContent()).toMatch(/mnist \(1 run\).*two-moons \(2 runs\)/);
  await page.waitForSelector('[data-testid="chart-elbo-mnist"] canvas');
  await page.waitForSelector('[data-testid="chart-elbo-two-moons"] canvas');
  expect(await page.locator('[data-testid="chart-elbo"]').count()).toBe(0);
  // The final column shows each run's own unit: BPD for MNIST, NPD for two-moons.
  await expect
    .poll(() => page.getByTestId(`compare-bpd-${mnist.id}`).textContent())
    .toContain('bpd');
  await expect
    .poll(() => page.getByTestId(`compare-bpd-${moons.id}`).textContent())
    .toContain('npd');

  // Steps of all runs on one slider: 0, 250, 500, 1000, 2000; it starts at 500 (all reached it),
  // where MNIST shows its nearest sample (0 and 1000 tie: the earlier).
  const slider = page.getByTestId('sample-slider');
  await expect.poll(() => slider.getAttribute('max')).toBe('4');
  await expect.poll(() => page.getByTestId('compare-step').textContent()).toBe('step 500');
  await expect.poll(() => shownSteps(page)).toEqual(['step 0', 'step 500', 'step 500']);
  // MNIST keeps its picture; the two-moons runs draw their points, as the run page does.
  expect(await page.getByTestId(`compare-sample-${mnist.id}`).getAttribute('data-kind')).toBe(
    'image',
  );
  await expectSharedScatters(page, 500);
  await shot(page, 'both');
  await page.getByTestId('compare-samples').screenshot({
    path: path.join(resultsDir, 'compare-datasets-samples.png'),
  });

  // At 250 only two-moons has samples: MNIST shows its nearest (0), every sample stays. While a
  // step's points or picture load, each run keeps its last one up (no "…" in between).
  const flicker = await watchFlicker(page, [mnist, moons, moons2]);
  await setRange(page, 'sample-slider', 1);
  await expect.poll(() => page.getByTestId('compare-step').textContent()).toBe('step 250');
  await expect.poll(() => shownSteps(page)).toEqual(['step 0', 'step 250', 'step 250']);
  await expectSharedScatters(page, 250);
  // At 2000 two-moons (last samples at 500) shows its last ones.
  await setRange(page, 'sample-slider', 4);
  await expect.poll(() => page.getByTestId('compare-step').textContent()).toBe('step 2000');
  await expect.poll(() => shownSteps(page)).toEqual(['step 2000', 'step 500', 'step 500']);
  await expectSharedScatters(page, 500);
  await expect
    .poll(() => page.getByTestId(`compare-sample-${mnist.id}`).getAttribute('alt'))
    .toBe(`${mnist.name} at step 2000`);
  expect(await flicker.jsonValue()).toEqual([]);
  await shot(page, 'slider-end');
  // The keys move the shared slider too: `,` one step back.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(',');
  await expect.poll(() => page.getByTestId('compare-step').textContent()).toBe('step 1000');
  expect(errors).toEqual([]);
  await page.close();
});
