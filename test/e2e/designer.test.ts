import { expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { resultsDir, watchConsole, useStartedApp } from './support';

const started = useStartedApp();

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(resultsDir, `designer-${name}.png`), fullPage: true });

/** Number of redraws the forward chart has done (LineChart counts them on its root). */
const chartUpdates = async (page: Page) =>
  Number(await page.getByTestId('forward-chart').getAttribute('data-updates'));

it('designs a custom K=3 diffusion, rejects an indefinite D inline, then plots the fixed one', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  await page.evaluate(() => localStorage.setItem('mdm-theme', 'light'));
  await page.goto(`${started.app.url.replace(/\?.*$/, '')}#/new`);

  // Initial state: a preset, its plots and a verdict.
  const verdict = page.getByTestId('stationary-verdict');
  await expect.poll(() => verdict.getAttribute('data-level')).toBe('reaches');
  expect(await page.getByTestId('designer-note').textContent()).toContain('Langevin');
  await shot(page, 'initial');

  // Custom, K = 3: the preset's matrices carry over and grow.
  await page.getByTestId('preset-custom').click();
  await page.getByTestId('designer-k').selectOption('3');
  expect(await page.getByTestId('q-entry-0-1').inputValue()).toBe('-1');
  expect(await page.getByTestId('q-entry-1-0').inputValue()).toBe('1');
  expect(await page.getByTestId('q-entry-2-2').textContent()).toBe('0');

  // A Q entry mirrors to its skew partner.
  await page.getByTestId('q-entry-1-2').fill('-1.5');
  expect(await page.getByTestId('q-entry-2-1').inputValue()).toBe('1.5');
  await page.getByTestId('q-entry-0-2').fill('0.5');
  expect(await page.getByTestId('q-entry-2-0').inputValue()).toBe('-0.5');
  // Noise only on v₁, v₂ and x coupled weakly: q(u_T) comes close to N(0, I) but not quite.
  await expect.poll(() => verdict.getAttribute('data-level')).toBe('close');
  const validKl = await page.getByTestId('stationary-kl').textContent();

  // An indefinite D is rejected inline, naming D; the plots keep the last valid diffusion.
  await page.getByTestId('d-full').click();
  await page.getByTestId('d-entry-1-2').fill('3');
  expect(await page.getByTestId('d-entry-2-1').inputValue()).toBe('3');
  const dError = page.locator('[data-testid="designer-error"][data-field="d"]');
  await expect.poll(() => dError.textContent()).toMatch(/^D is not positive semi-definite/);
  expect(await page.locator('table.faulty[aria-label="D"]').count()).toBe(1);
  expect(await page.getByTestId('run-settings-diffusion').textContent()).toContain('invalid');
  const frozen = await chartUpdates(page);
  expect(await page.getByTestId('forward-chart').textContent()).toContain('Fix the highlighted');
  await page.getByTestId('d-entry-0-0').fill('0.5');
  // Not a wait for something: a valid edit would redraw within 40 ms, and none may come here.
  await page.waitForTimeout(200);
  expect(await chartUpdates(page)).toBe(frozen);
  expect(await page.getByTestId('stationary-kl').textContent()).toBe(validKl);
  await shot(page, 'invalid-d');

  // Fixing D clears the error and updates the chart and the verdict.
  await page.getByTestId('d-entry-1-2').fill('0.3');
  await expect.poll(() => dError.count()).toBe(0);
  expect(await page.getByTestId('d-psd').textContent()).toMatch(/smallest eigenvalue 0\.\d+ · PSD/);
  await expect.poll(() => chartUpdates(page)).toBeGreaterThan(frozen);
  await expect.poll(() => page.getByTestId('stationary-kl').textContent()).not.toBe(validKl);
  await expect.poll(() => verdict.getAttribute('data-level')).toBe('reaches');
  expect(await page.getByTestId('forward-chart').textContent()).not.toContain(
    'Fix the highlighted',
  );
  expect(await page.getByTestId('run-settings-diffusion').textContent()).toBe('custom, K = 3');
  expect(await page.getByTestId('phi-table').locator('tbody tr').count()).toBe(3);
  expect(await page.getByTestId('sigma-table').locator('tbody tr').count()).toBe(3);
  await shot(page, 'custom-k3');

  // The std chart switches to a log y-axis and back without errors.
  const redraws = await chartUpdates(page);
  await page.getByTestId('forward-chart').getByTestId('chart-log').check();
  await expect.poll(() => chartUpdates(page)).toBe(redraws + 1);
  await shot(page, 'custom-k3-log');
  await page.getByTestId('forward-chart').getByTestId('chart-log').uncheck();
  await expect.poll(() => chartUpdates(page)).toBe(redraws + 2);

  // A diffusion that leaves x's mean in place does not reach N(0, I).
  await page.getByTestId('d-entry-0-0').fill('0');
  for (const [i, j] of [
    [0, 1],
    [0, 2],
  ] as const)
    await page.getByTestId(`q-entry-${i}-${j}`).fill('0');
  await expect
    .poll(() => page.locator('[data-testid="designer-error"]').first().textContent())
    .toContain('never reaches every variable');
  await page.getByTestId('d-entry-0-0').fill('0.05');
  await expect.poll(() => verdict.getAttribute('data-level')).toBe('far');

  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('t');
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await shot(page, 'dark-far');

  // Learned-K shows its seeded initialization; a new seed redraws.
  await page.getByTestId('preset-learned').click();
  const learnedQ = await page.getByTestId('q-entry-1-0').textContent();
  const before = await chartUpdates(page);
  await page.getByTestId('designer-seed').fill('7');
  await expect.poll(() => page.getByTestId('q-entry-1-0').textContent()).not.toBe(learnedQ);
  await expect.poll(() => chartUpdates(page)).toBeGreaterThan(before);
  expect(await page.getByTestId('run-settings-diffusion').textContent()).toBe('learned-3, K = 3');

  // Presets: malda with K = 8 fills the matrices read-only.
  await page.getByTestId('preset-malda').click();
  await page.getByTestId('designer-k').selectOption('8');
  expect(await page.getByTestId('q-entry-7-0').textContent()).toBe('1');
  expect(await page.getByTestId('d-entry-7-7').textContent()).toBe('2');
  await expect.poll(() => verdict.getAttribute('data-level')).toBe('reaches');
  await expect.poll(() => page.getByTestId('phi-table').locator('tbody tr').count()).toBe(8);
  await shot(page, 'malda-k8');

  expect(errors).toEqual([]);
});
