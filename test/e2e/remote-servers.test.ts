import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  freshHome,
  launchChromium,
  resultsDir,
  startUntilUrl,
  watchConsole,
  type StartedApp,
} from './support';
import { freePort } from '../integration/free-port';

/** Two `mdm serve` instances on this machine: the UI of one shows both; the other dies mid-run and comes back. */
/** More steps than the test waits for: the remote run is still training whenever it is killed or stopped. */
const STEPS = 100_000;
const remoteHome = freshHome();
const tokenFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'mdm-e2e-token-')), 'token');
let remotePort = 0;
let local: StartedApp;
let remote: StartedApp;
let browser: Browser;

/** The remote: `mdm serve` on a fixed port with its token in a file, so a restart keeps both. */
const startRemote = () =>
  startUntilUrl(
    ['bin/mdm.js', 'serve', '--port', String(remotePort), '--token-file', tokenFile],
    120_000,
    remoteHome,
  );

const origin = (app: StartedApp) => new URL(app.url).origin;
const tokenOf = (app: StartedApp) => new URL(app.url).searchParams.get('token')!;

async function call<T>(app: StartedApp, name: string, body: unknown): Promise<T> {
  const response = await fetch(`${origin(app)}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokenOf(app)}` },
    body: JSON.stringify(body),
  });
  const envelope = (await response.json()) as { ok: boolean; result: T; error?: unknown };
  if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
  return envelope.result;
}

const toy = (name: string, steps: number) => ({
  config: {
    name,
    dataset: 'two-moons',
    model: 'mlp',
    diffusion: { preset: 'cld' },
    steps,
    batchSize: 32,
    sampleEvery: 0,
    checkpointEvery: 50,
    evalImages: 0,
  },
});

beforeAll(async () => {
  remotePort = await freePort();
  [local, remote] = await Promise.all([
    startUntilUrl(['bin/start.js', '--port', '0'], 120_000, freshHome()),
    startRemote(),
  ]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await local?.stop();
  // A test that failed after the kill leaves a dead remote: nothing to stop.
  if (remote?.process.signalCode === null) await remote.stop();
});

const points = (page: Page) =>
  page.locator('[data-points]:has([data-testid="chart-loss"])').getAttribute('data-points');

it('shows two servers in one table, compares across them, and survives the remote dying mid-run', async () => {
  await call(local, 'runs-create', toy('here', 30));
  const far = await call<{ id: number }>(remote, 'runs-create', toy('far-away', STEPS));
  const key = `gpu:${far.id}`;
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = watchConsole(page);
  const shot = (name: string) =>
    page.screenshot({ path: path.join(resultsDir, `remote-servers-${name}.png`), fullPage: true });
  await page.goto(local.url);

  // Add the remote in the UI: its token goes to the local server and never comes back.
  await page.getByTestId('servers-open').click();
  await page.getByLabel('Server name').fill('gpu');
  await page.getByLabel('Server URL').fill(origin(remote));
  await page.getByLabel('Server token').fill(tokenOf(remote));
  await page.getByTestId('server-add').click();
  await expect
    .poll(() => page.getByTestId('server-state-gpu').first().textContent(), { timeout: 10_000 })
    .toBe('online');
  await shot('0-servers');
  await page.getByTestId('servers-close').click();

  // One table, both servers, with the server column.
  await page.getByTestId(`run-row-${key}`).waitFor();
  await page.getByTestId('run-row-1').waitFor();
  expect(await page.getByTestId('run-server-1').textContent()).toContain('local');
  expect(await page.getByTestId(`run-server-${key}`).textContent()).toContain('gpu');
  await shot('1-table');
  await page.getByTestId('server-filter-gpu').click();
  await expect.poll(() => page.getByTestId('run-row-1').count()).toBe(0);
  await page.getByTestId('server-filter-gpu').click();
  await page.getByTestId('run-row-1').waitFor();

  // Compare a local run beside the remote one: both rows and both series in the charts.
  await page.getByTestId('run-select-1').check();
  await page.getByTestId(`run-select-${key}`).check();
  await page.getByTestId('compare-selected').click();
  await page.getByTestId(`compare-row-${key}`).waitFor();
  await page.getByTestId('compare-row-1').waitFor();
  await expect
    .poll(() => page.getByTestId('chart-loss').textContent(), { timeout: 60_000 })
    .toContain('far-away (gpu)');
  await expect.poll(() => page.getByTestId('chart-loss').textContent()).toContain('here');
  await shot('2-compare');

  // Across runs over the same two: one parallel-coordinates line each, the remote's by its key.
  await page.goto(`${origin(local)}/#/across?ids=1,${key}`);
  await page.getByTestId(`parcoords-line-${key}`).waitFor({ state: 'attached' });
  await expect.poll(() => page.locator('[data-testid^="parcoords-line-"]').count()).toBe(2);
  expect(await page.getByTestId('across-view').textContent()).toContain(`#${key}`);

  // The remote run's page, live; kill -9 the remote server while the run trains.
  await page.goto(`${origin(local)}/#/runs/${key}`);
  await expect
    .poll(async () => Number(await points(page)), { timeout: 60_000 })
    .toBeGreaterThan(20);
  const beforeKill = Number(await points(page));
  remote.process.kill('SIGKILL');
  await expect
    .poll(() => page.getByTestId('server-state-gpu').textContent(), { timeout: 30_000 })
    .toBe('offline');
  await shot('3-offline');
  // The table keeps the remote's last rows, marked offline, beside the local ones.
  await page.evaluate(() => (window.location.hash = '#/runs'));
  const serverCell = page.getByTestId(`run-server-${key}`);
  await expect.poll(() => serverCell.textContent()).toContain('offline');
  await page.getByTestId('run-row-1').waitFor();
  await shot('3-offline-table');

  // Same data directory, port and token: it comes back, the run interrupted mid-way.
  remote = await startRemote();
  await expect.poll(() => serverCell.textContent(), { timeout: 30_000 }).toContain('online');
  await page.evaluate((hash) => (window.location.hash = hash), `#/runs/${key}`);
  await expect
    .poll(() => page.getByTestId('server-state-gpu').textContent(), { timeout: 30_000 })
    .toBe('online');
  await expect
    .poll(() => page.getByTestId(`run-status-${far.id}`).getAttribute('data-status'), {
      timeout: 30_000,
    })
    .toBe('interrupted');
  const afterRestart = Number(await points(page));
  expect(afterRestart).toBeGreaterThanOrEqual(beforeKill);

  // Resume it from the remote's page, let it log more, stop it: every stored step once in the live chart.
  await page.getByTestId(`run-resume-${far.id}`).click();
  await expect
    .poll(async () => Number(await points(page)), { timeout: 60_000 })
    .toBeGreaterThan(afterRestart + 20);
  await page.getByTestId(`run-stop-${far.id}`).click();
  await expect
    .poll(() => page.getByTestId(`run-status-${far.id}`).getAttribute('data-status'), {
      timeout: 60_000,
    })
    .toBe('stopped');
  const stored = async () => {
    const detail = await call<{
      run: { metrics: Record<string, { count: number; lastStep: number }> };
    }>(remote, 'runs-get', { runId: far.id });
    return detail.run.metrics.loss!;
  };
  const final = await stored();
  // Steps 1…N each once: as many points as the last step, in the store and in the chart.
  expect(final.count).toBe(final.lastStep);
  await expect.poll(async () => Number(await points(page)), { timeout: 10_000 }).toBe(final.count);
  await shot('4-back');
  console.log(JSON.stringify({ beforeKill, afterRestart, final: final.count }));
  expect(errors).toEqual([]);
});
