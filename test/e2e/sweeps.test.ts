/// <reference lib="dom" />
import { afterAll, beforeAll, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { resultsDir, watchConsole, useStartedApp } from './support';

const started = useStartedApp();
let page: Page;
let errors: string[];

beforeAll(async () => {
  page = await started.browser.newPage({ viewport: { width: 1440, height: 1100 } });
  errors = watchConsole(page);
  await page.goto(started.app.url);
});
afterAll(() => {
  expect(errors).toEqual([]);
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(resultsDir, `sweep-${name}.png`), fullPage: true });

// Six runs of 300 steps, each evaluated on 10,000 test points: minutes on a shared machine.
it(
  'queues a sweep from the form; its page shows live status, then the results table and the chart',
  { timeout: 1_500_000 },
  async () => {
    await page.getByTestId('nav-sweeps').click();
    await page.getByTestId('sweep-dataset').selectOption('swiss-roll');
    await expect.poll(() => page.getByTestId('sweep-model').inputValue()).toBe('mlp');
    await page.getByTestId('sweep-protocol').selectOption('budget');
    await page.getByTestId('sweep-steps').fill('300');
    await page.getByTestId('sweep-seeds').fill('2');
    for (const d of ['vpsde', 'cld', 'learned-2'])
      expect(await page.getByTestId(`sweep-diffusion-${d}`).isChecked()).toBe(true);
    await page.getByTestId('sweep-create').click();

    await expect.poll(() => page.url()).toMatch(/#\/sweeps\/1$/);
    await expect
      .poll(() => page.getByTestId('sweep-protocol-label').textContent())
      .toBe('budget v2');
    const statuses = page.locator('[data-testid^="sweep-member-status-"]');
    await expect.poll(() => statuses.count()).toBe(6);
    // Live: the first member is seen running without reloading the page.
    await expect
      .poll(() => page.getByTestId('sweep-member-status-1').getAttribute('data-status'), {
        timeout: 300_000,
      })
      .toBe('running');
    await shot('1-running');

    await expect
      .poll(() => page.getByTestId('sweep-status').textContent(), {
        timeout: 1_400_000,
        interval: 5000,
      })
      .toBe('completed');
    // The results come with the sweep's last refetch after its status.
    for (const label of ['vpsde', 'cld', 'learned-2'])
      await expect
        .poll(() => page.getByTestId(`sweep-result-${label}`).textContent())
        .toMatch(/\d\.\d+ ± \d\.\d+\s*2\/2\s*—/);
    await expect
      .poll(() => page.getByTestId('sweep-results').textContent())
      .toContain('test NPD (nats/dim) (mean ± s.e. over seeds)');
    await expect.poll(() => page.locator('[data-testid="sweep-chart"] canvas').count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('sweep-compare').getAttribute('href'))
      .toBe('#/compare?ids=1,2,3,4,5,6');
    await shot('2-completed');
  },
);
