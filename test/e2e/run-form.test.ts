/// <reference lib="dom" />
import { afterAll, beforeAll, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parseRunConfig } from '#shared/config/run-config';
import { resultsDir, seedEndedRun, useStartedApp, watchConsole } from './support';

let page: Page;
let errors: string[];
/** A stopped toy run that asked for node-gpu (tfjs-node-gpu is no dependency: never available in a checkout). */
let stoppedId = 0;

/** One stopped run on a backend this machine cannot load, recorded before the app starts. */
function seed(home: string) {
  const config = parseRunConfig({
    name: 'moons on node-gpu',
    dataset: 'two-moons',
    model: 'mlp',
    steps: 200,
    backend: 'node-gpu',
  });
  const run = {
    name: config.name,
    config,
    dataset: config.dataset,
    diffusion: 'vpsde',
    k: 1,
    seed: config.seed,
    totalSteps: config.steps,
  };
  stoppedId = seedEndedRun(home, run, 'stopped');
}

const started = useStartedApp(seed);
beforeAll(async () => {
  page = await started.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  errors = watchConsole(page);
  await page.goto(started.app.url);
});
afterAll(() => {
  expect(errors).toEqual([]);
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(resultsDir, `run-form-${name}.png`), fullPage: true });
const currentRunId = () => Number(/#\/runs\/(\d+)/.exec(page.url())?.[1]);
const status = (id: number) => page.getByTestId(`run-status-${id}`).getAttribute('data-status');

it('checks the run form as the user types: the message beside the field, Start disabled', async () => {
  await page.goto(`${started.base}#/new`);
  await page.getByTestId('run-dataset').selectOption('two-moons');
  await expect.poll(() => page.getByTestId('run-model').inputValue()).toBe('mlp');
  const steps = page.getByTestId('run-steps');
  await steps.fill('999999999999');
  await expect
    .poll(() => page.getByTestId('run-steps-error').textContent())
    .toBe('must be at most 10,000,000 (not 999,999,999,999)');
  expect(await steps.getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByTestId('run-start').isDisabled()).toBe(true);
  expect(await page.getByTestId('run-start-blocked').textContent()).toBe(
    'one setting needs fixing',
  );
  // The message sits beside its field: inside the steps field, right under the input. Both boxes
  // from one layout: the form may still grow above them (once seen 279 px apart from two reads).
  const { dx, dy } = await page.evaluate(() => {
    const box = (id: string) =>
      document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
    const input = box('run-steps');
    const message = box('run-steps-error');
    return { dx: Math.abs(message.x - input.x), dy: message.y - input.bottom };
  });
  expect(dx).toBeLessThan(2);
  expect(dy).toBeLessThan(12);

  await page.getByTestId('run-lr').fill('0');
  await expect
    .poll(() => page.getByTestId('run-lr-error').textContent())
    .toBe('must be more than 0');
  await page.getByTestId('run-sample-every').fill('250');
  await steps.fill('20');
  await expect
    .poll(() => page.getByTestId('run-sample-every-warning').textContent())
    .toBe('longer than the run (20 steps): samples only at the end');
  expect(await page.getByTestId('run-warmup-warning').textContent()).toMatch(
    /^the whole run is warm-up/,
  );
  // Every default is on show: EMA, warm-up, the gradient clip and its scale, the protocol.
  expect(await page.getByTestId('run-ema').inputValue()).toBe('0.999');
  expect(await page.getByTestId('run-grad-clip').inputValue()).toBe('2');
  expect(await page.getByTestId('run-clip-scale').inputValue()).toBe('per-dim');
  expect(await page.getByTestId('run-protocol-hint').textContent()).toBe(
    'every setting as chosen; nothing is fixed',
  );
  await shot('1-invalid');
  expect(await page.getByTestId('run-start').isDisabled()).toBe(true);
  await page.getByTestId('run-lr').fill('0.001');
  await expect.poll(() => page.getByTestId('run-start').isDisabled()).toBe(false);
  expect(await page.getByTestId('run-lr').getAttribute('aria-invalid')).toBe('false');
});

it('offers only the backends this machine can load; the others are disabled with the reason', async () => {
  const option = page.getByTestId('run-backend-node-gpu');
  await expect.poll(() => option.isDisabled()).toBe(true);
  await expect.poll(() => option.textContent()).toMatch(/^node-gpu \(unavailable: .+\)$/);
  const choices = await page
    .getByTestId('run-backend')
    .locator('option:not([disabled])')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(choices).toContain('auto');
  expect(choices).not.toContain('node-gpu');
});

it('offers no Resume on a run whose backend cannot load, and says why', async () => {
  await page.goto(`${started.base}#/runs/${stoppedId}`);
  const resume = page.getByTestId(`run-resume-${stoppedId}`);
  await expect
    .poll(() => resume.getAttribute('title'))
    .toMatch(/^Cannot resume: node-gpu is unavailable here/);
  expect(await resume.isDisabled()).toBe(true);
  await page.goto(`${started.base}#/runs`);
  const inTable = page.getByTestId(`run-resume-${stoppedId}`);
  await expect.poll(() => inTable.isDisabled()).toBe(true);
  await shot('2-no-resume');
});

it('duplicates a run into the form with a new seed; the copy waits, saying for which run', async () => {
  await page.goto(`${started.base}#/new`);
  await page.getByTestId('run-dataset').selectOption('two-moons');
  await expect.poll(() => page.getByTestId('run-model').inputValue()).toBe('mlp');
  await page.getByTestId('run-steps').fill('100000');
  await page.getByTestId('run-batch').fill('16');
  await page.getByTestId('run-sample-every').fill('0');
  await page.getByTestId('run-eval-images').fill('0');
  await page.getByTestId('run-seed').fill('5');
  await page.getByTestId('run-name').fill('moons long');
  await page.getByTestId('run-start').click();
  await expect.poll(() => page.url()).toMatch(/#\/runs\/\d+$/);
  const first = currentRunId();
  await expect.poll(() => status(first), { timeout: 60_000 }).toBe('running');

  await page.getByTestId(`run-duplicate-${first}`).click();
  await expect.poll(() => page.url()).toBe(`${started.base}#/new?from=${first}`);
  await expect.poll(() => page.getByTestId('run-seed').inputValue()).toBe('6');
  expect(await page.getByTestId('run-steps').inputValue()).toBe('100000');
  expect(await page.getByTestId('run-batch').inputValue()).toBe('16');
  await expect.poll(() => page.getByTestId('run-dataset').inputValue()).toBe('two-moons');
  await expect.poll(() => page.getByTestId('run-model').inputValue()).toBe('mlp');
  expect(await page.getByTestId('run-name').inputValue()).toBe('moons long (copy)');
  expect(await page.getByTestId('run-settings-source').textContent()).toContain(`run #${first}`);
  expect(await page.getByTestId('run-settings-diffusion').textContent()).toBe('cld, K = 2');
  await page.getByTestId('run-steps').fill('50000');
  await shot('3-duplicate');
  await page.getByTestId('run-start').click();
  await expect.poll(() => currentRunId()).toBeGreaterThan(first);
  const second = currentRunId();
  await expect
    .poll(() => page.getByTestId('run-queue-notice').textContent(), { timeout: 30_000 })
    .toBe(`Waiting for run ${first} to finish: one run trains at a time`);
  await expect.poll(() => status(second)).toBe('queued');
  await shot('4-queued');

  // Stopped while queued, the copy never starts and the notice goes; then the first run stops.
  await page.getByTestId(`run-stop-${second}`).click();
  await expect.poll(() => status(second)).toBe('stopped');
  await expect.poll(() => page.getByTestId('run-queue-notice').count()).toBe(0);
  await page.goto(`${started.base}#/runs/${first}`);
  await page.getByTestId(`run-stop-${first}`).click();
  await expect.poll(() => status(first), { timeout: 60_000 }).toBe('stopped');
});
