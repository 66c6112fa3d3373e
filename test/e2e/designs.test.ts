import { expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { resultsDir, watchConsole, useStartedApp } from './support';

const started = useStartedApp();

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(resultsDir, `designs-${name}.png`), fullPage: true });

it('saves a custom design in the designer, loads and deletes designs, and sweeps the saved one', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url); // the token's cookie
  await page.goto(`${started.app.url.replace(/\?.*$/, '')}#/new`);

  // Save is for custom designs: disabled on a preset.
  expect(await page.getByTestId('design-save').isDisabled()).toBe(true);
  await page.getByTestId('preset-custom').click();
  await page.getByTestId('q-entry-0-1').fill('-2');
  const saveAs = async (name: string) => {
    await page.getByTestId('design-name').fill(name);
    await page.getByTestId('design-save').click();
    await expect
      .poll(() => page.locator(`[data-testid="saved-design"][data-name="${name}"]`).count())
      .toBe(1);
  };
  await saveAs('rotor');
  await saveAs('scratch');
  await shot(page, '1-saved');

  // Delete one; load the other over a preset: the designer shows its matrices as custom.
  await page.getByTestId('design-delete-scratch').click();
  await expect.poll(() => page.getByTestId('saved-design').count()).toBe(1);
  await page.getByTestId('preset-vpsde').click();
  await page.getByTestId('design-load-rotor').click();
  expect(await page.getByTestId('designer-k').inputValue()).toBe('2');
  expect(await page.getByTestId('q-entry-0-1').inputValue()).toBe('-2');
  expect(await page.getByTestId('q-entry-1-0').inputValue()).toBe('2');

  // The New sweep form offers it beside the presets; its row is labelled with its name.
  await page.getByTestId('nav-sweeps').click();
  await page.getByTestId('sweep-dataset').selectOption('swiss-roll');
  await page.getByTestId('sweep-steps').fill('20');
  await page.getByTestId('sweep-seeds').fill('1');
  for (const d of ['vpsde', 'cld', 'learned-2'])
    await page.getByTestId(`sweep-diffusion-${d}`).uncheck();
  await page.getByTestId('sweep-design-rotor').check();
  await shot(page, '2-sweep-form');
  await page.getByTestId('sweep-create').click();
  await expect.poll(() => page.url()).toMatch(/#\/sweeps\/1$/);
  await expect.poll(() => page.getByTestId('sweep-result-rotor').count()).toBe(1);
  await expect.poll(() => page.getByTestId('sweep-members').textContent()).toContain('rotor');
  await shot(page, '3-sweep');
  expect(errors).toEqual([]);
});
