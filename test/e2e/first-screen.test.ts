import { expect, it } from 'vitest';
import path from 'node:path';
import { resultsDir, watchConsole, useStartedApp } from './support';

const started = useStartedApp();

it('npm start falls back to serving the UI and says so in one line', () => {
  const text = started.app.output.join('');
  expect(text).toContain("Electron's binary is not installed here");
  expect(started.app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
});

it('shows the first screen with the real system info', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  await expect.poll(() => page.getByTestId('chosen-backend').textContent()).toBe('wasm');
  expect(await page.getByTestId('app-version').textContent()).toBe('0.1.0');
  expect(await page.getByTestId('system-info').textContent()).toContain(
    `Node ${process.versions.node}`,
  );
  await expect.poll(() => page.getByTestId('runs-empty').isVisible()).toBe(true);
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  // The System panel's long enabling commands wrap inside it: nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await page.screenshot({ path: path.join(resultsDir, 'first-screen.png'), fullPage: true });
  await page.keyboard.press('t');
  await page.screenshot({
    path: path.join(resultsDir, 'first-screen-toggled-theme.png'),
    fullPage: true,
  });
  expect(errors).toEqual([]);
});

it("shows a run that does not exist as missing: the view branches on the error's code", async () => {
  const page = await started.browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${started.app.url}#/runs/999`);
  await expect.poll(() => page.getByTestId('run-missing').isVisible()).toBe(true);
  expect(await page.getByTestId('run-missing').textContent()).toContain('Run 999 does not exist');
});
