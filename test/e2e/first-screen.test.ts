import { afterAll, beforeAll, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import {
  launchChromium,
  resultsDir,
  startUntilUrl,
  watchConsole,
  type StartedApp,
} from './support';

let app: StartedApp;
let browser: Browser;

beforeAll(async () => {
  app = await startUntilUrl(['bin/start.js', '--port', '0']);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

it('npm start falls back to serving the UI and says so in one line', () => {
  const text = app.output.join('');
  expect(text).toContain("Electron's binary is not installed here");
  expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
});

it('shows the first screen with the real system info', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchConsole(page);
  await page.goto(app.url);
  await expect.poll(() => page.getByTestId('chosen-backend').textContent()).toBe('wasm');
  expect(await page.getByTestId('app-version').textContent()).toBe('0.1.0');
  expect(await page.getByTestId('system-info').textContent()).toContain(
    `Node ${process.versions.node}`,
  );
  expect(await page.getByTestId('runs-empty').isVisible()).toBe(true);
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  await page.screenshot({ path: path.join(resultsDir, 'first-screen.png'), fullPage: true });
  await page.keyboard.press('t');
  await page.screenshot({
    path: path.join(resultsDir, 'first-screen-toggled-theme.png'),
    fullPage: true,
  });
  expect(errors).toEqual([]);
});
