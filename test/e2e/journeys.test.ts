/// <reference lib="dom" />
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { resultsDir, watchConsole, useStartedApp } from './support';

const started = useStartedApp();
let page: Page;
let errors: string[];
let base: string;

beforeAll(async () => {
  page = await started.browser.newPage({ viewport: { width: 1440, height: 900 } });
  errors = watchConsole(page);
  await page.goto(started.app.url);
  base = started.app.url.replace(/\?.*$/, '');
});
afterAll(() => {
  expect(errors).toEqual([]);
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(resultsDir, `journey-${name}.png`), fullPage: true });

/** The run the detail page shows, from its URL. */
const currentRunId = () => Number(/#\/runs\/(\d+)/.exec(page.url())?.[1]);

async function chooseTrainingSettings(name: string, steps: number) {
  await page.getByTestId('run-dataset').selectOption('two-moons');
  await expect.poll(() => page.getByTestId('run-model').inputValue()).toBe('mlp');
  await page.getByTestId('run-steps').fill(String(steps));
  await page.getByTestId('run-batch').fill('64');
  await page.getByTestId('run-sample-every').fill('40');
  await page.getByTestId('run-checkpoint-every').fill('40');
  await page.getByTestId('run-eval-images').fill('256');
  await page.getByTestId('run-name').fill(name);
}

it('designs a custom K=3 diffusion (an invalid D rejected inline), starts it and watches it train', async () => {
  await page.goto(`${base}#/new`);
  await page.getByTestId('preset-custom').click();
  await page.getByTestId('designer-k').selectOption('3');
  await page.getByTestId('q-entry-1-2').fill('-1.5');
  await page.getByTestId('d-full').click();
  await page.getByTestId('d-entry-1-2').fill('3');
  const dError = page.locator('[data-testid="designer-error"][data-field="d"]');
  await expect.poll(() => dError.textContent()).toMatch(/^D is not positive semi-definite/);
  expect(await page.getByTestId('run-start').isDisabled()).toBe(true);
  await shot('1-invalid-d');
  await page.getByTestId('d-entry-1-2').fill('0.3');
  await expect.poll(() => dError.count()).toBe(0);
  expect(await page.getByTestId('run-settings-diffusion').textContent()).toBe('custom, K = 3');

  await chooseTrainingSettings('moons-custom-k3', 400);
  await page.getByTestId('run-verify').click();
  await expect
    .poll(() => page.getByTestId('run-verify-result').textContent(), { timeout: 60_000 })
    .toContain('log p(x)');
  await page.getByTestId('run-start').click();
  await expect.poll(() => page.url()).toMatch(/#\/runs\/\d+$/);
  const runId = currentRunId();

  // Live: the status turns running, the loss chart and the 2-D sample scatter fill in from events.
  await expect
    .poll(() => page.getByTestId(`run-status-${runId}`).getAttribute('data-status'), {
      timeout: 60_000,
    })
    .toBe('running');
  await expect
    .poll(() => page.getByTestId('chart-loss').getAttribute('data-updates'), { timeout: 60_000 })
    .not.toBe('0');
  await expect
    .poll(() => page.getByTestId('points-chart').count(), { timeout: 60_000 })
    .toBeGreaterThan(0);
  await expect
    .poll(() => page.getByTestId('sample-step').textContent(), { timeout: 60_000 })
    .toMatch(/step \d+/);
  await shot('2-training');

  // Stop: it checkpoints and ends as stopped; resume: it runs on to completion.
  await page.getByTestId(`run-stop-${runId}`).click();
  await expect
    .poll(() => page.getByTestId(`run-status-${runId}`).getAttribute('data-status'), {
      timeout: 60_000,
    })
    .toBe('stopped');
  await shot('3-stopped');
  await page.getByTestId(`run-resume-${runId}`).click();
  await expect
    .poll(() => page.getByTestId(`run-status-${runId}`).getAttribute('data-status'), {
      timeout: 60_000,
    })
    .toMatch(/queued|running|completed/);
  await expect
    .poll(() => page.getByTestId(`run-status-${runId}`).getAttribute('data-status'), {
      timeout: 300_000,
      interval: 1000,
    })
    .toBe('completed');
  await shot('4-completed');
});

it('trains a learned-3 diffusion, compares the two runs and exports the learned parameters', async () => {
  await page.goto(`${base}#/new`);
  await page.getByTestId('preset-learned').click();
  await chooseTrainingSettings('moons-learned-3', 200);
  await page.getByTestId('run-start').click();
  await expect.poll(() => page.url()).toMatch(/#\/runs\/\d+$/);
  const runId = currentRunId();
  await expect
    .poll(() => page.getByTestId(`run-status-${runId}`).getAttribute('data-status'), {
      timeout: 300_000,
      interval: 1000,
    })
    .toBe('completed');
  await expect.poll(() => page.getByTestId('params-panel').count(), { timeout: 30_000 }).toBe(1);
  await shot('5-learned');

  // Download Q and D: the browser gets the zip, and the page names it.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-params').click(),
  ]);
  expect(download.suggestedFilename()).toBe(`run-${runId}-params.zip`);
  expect(
    readFileSync(await download.path())
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');
  await expect
    .poll(() => page.getByTestId('export-result-params').textContent())
    .toContain(`Downloaded run-${runId}-params.zip`);

  // Compare both runs: overlaid charts, the config differences, test BPD (or nats) side by side.
  await page.goto(`${base}#/compare?ids=${runId - 1},${runId}`);
  await expect.poll(() => page.getByTestId('compare-table').count()).toBe(1);
  await expect.poll(() => page.getByTestId('config-diff').textContent()).toContain('diffusion');
  await shot('6-compare');
});
