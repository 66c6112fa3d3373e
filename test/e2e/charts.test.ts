/// <reference lib="dom" />
import { expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parseRunConfig } from '#shared/config/run-config';
import type { MetricsWriter, StoreDb } from '../../src-main/backend/store/index';
import { recordRun, repoRoot, resultsDir, seedStore, useStartedApp, watchConsole } from './support';

const STEPS = 200;
let seededId = 0;
let toyId = 0;

/** A finished two-moons run: a negative ELBO, a constant prior term, throughput, and test values logged once or twice. */
function seed(db: StoreDb, writer: MetricsWriter) {
  const config = parseRunConfig({
    name: 'charts-seeded',
    dataset: 'two-moons',
    model: 'mlp',
    steps: STEPS,
  });
  seededId = recordRun(
    db,
    {
      name: config.name,
      config,
      dataset: config.dataset,
      diffusion: 'vpsde',
      k: 1,
      seed: 0,
      totalSteps: STEPS,
    },
    'completed',
    { step: STEPS },
  );
  const t0 = Date.now() - 60_000;
  for (let step = 1; step <= STEPS; step++) {
    const wobble = Math.sin(step * 0.37) * 0.02;
    writer.append(
      seededId,
      step,
      {
        loss: 2 * Math.exp(-step / 60) + 0.5 + wobble,
        elbo: -4.2 + step / 1000 + wobble,
        npd_prior: 4.105,
        npd_aux: 0.3 + wobble,
        images_per_sec: 5000 + 300 * Math.sin(step / 9),
      },
      t0 + step * 50,
    );
  }
  writer.append(seededId, 100, { 'test/npd': 1.31 }, t0 + 100 * 50 + 800);
  writer.append(seededId, STEPS, { 'test/npd': 1.27, 'test/images': 1000 }, t0 + STEPS * 50 + 2000);
}

/** The seeded run, then a short real toy run (2-D data, mlp): its system metrics are what the trainer recorded. */
const started = useStartedApp((home) => {
  seedStore(home, seed);
  const out = execFileSync(
    process.execPath,
    [
      'bin/mdm.js',
      'train',
      ...['--dataset', 'two-moons', '--model', 'mlp', '--steps', '40', '--batch', '64'],
      ...['--sample-every', '0', '--eval-images', '0', '--name', 'charts-toy', '--json'],
    ],
    { cwd: repoRoot, env: { ...process.env, MDM_HOME: home }, encoding: 'utf8' },
  );
  toyId = (JSON.parse(out.slice(out.indexOf('{'))) as { run: { id: number } }).run.id;
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(resultsDir, `charts-${name}.png`), fullPage: true });

/** The tick labels a chart drew on one axis (LineChart publishes them as data-x-ticks / data-y-ticks). */
async function ticks(page: Page, key: string, axis: 'x' | 'y'): Promise<string[]> {
  const raw = await page
    .locator(`[data-testid="chart-${key}"]`)
    .getAttribute(axis === 'x' ? 'data-x-ticks' : 'data-y-ticks');
  return JSON.parse(raw ?? '[]') as string[];
}
const distinct = (xs: string[]) => new Set(xs).size === xs.length;

it('draws trustworthy charts: symlog ELBO, flat series, time ticks, numbers, names, zoom, pins', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  await page.evaluate(() => localStorage.removeItem('mdm-chart-panels'));
  await page.goto(`${started.base}#/runs/${seededId}`);
  await page.waitForSelector('[data-testid="chart-elbo"] canvas');
  await expect.poll(async () => (await ticks(page, 'elbo', 'y')).length).toBeGreaterThan(1);

  // Friendly names with the raw key as tooltip; points/s for 2-D data.
  const aux = page.locator('[data-testid="chart-npd_aux"] h3');
  await expect.poll(() => aux.textContent()).toBe('ELBO term: auxiliary entropy (nats/dim)');
  expect(await aux.getAttribute('title')).toBe('npd_aux');
  await expect
    .poll(() => page.locator('[data-testid="chart-images_per_sec"] h3').textContent())
    .toBe('Throughput (points/s)');

  // The header gives a toy run's final test NLL in its own unit.
  await expect
    .poll(() => page.getByTestId('run-test-bpd').textContent())
    .toMatch(/test NPD \(nats\/dim\)\s*1\.27/);

  // A value logged once is a number, not a chart.
  const images = page.getByTestId('value-test/images');
  await expect.poll(() => images.textContent()).toContain('1000');
  expect(await images.getAttribute('title')).toBe('test/images');
  expect(await page.locator('[data-testid="chart-test/images"]').count()).toBe(0);

  // A constant series: a padded range with distinct labels, not "4.105" on every tick.
  await expect
    .poll(async () => (await ticks(page, 'npd_prior', 'y')).length)
    .toBeGreaterThanOrEqual(2);
  const flat = await ticks(page, 'npd_prior', 'y');
  expect(distinct(flat)).toBe(true);
  expect(distinct(await ticks(page, 'images_per_sec', 'y'))).toBe(true);
  await shot(page, '1-linear');

  // Log y: the negative ELBO gets a labelled symlog axis (said on the chart), throughput keeps its labels.
  await page.getByTestId('log-y').check();
  await expect
    .poll(() => page.locator('[data-testid="chart-elbo"] [data-testid="symlog-note"]').count())
    .toBe(1);
  const elboLog = await ticks(page, 'elbo', 'y');
  expect(elboLog.length).toBeGreaterThanOrEqual(2);
  expect(elboLog.every((t) => t.length > 0)).toBe(true);
  expect(distinct(elboLog)).toBe(true);
  const throughputLog = await ticks(page, 'images_per_sec', 'y');
  expect(throughputLog.length).toBeGreaterThanOrEqual(2);
  expect(throughputLog.every((t) => t.length > 0)).toBe(true);
  expect(distinct(await ticks(page, 'npd_prior', 'y'))).toBe(true);
  await shot(page, '2-log');
  await page.getByTestId('log-y').uncheck();

  // Relative time: labels in clock units, never repeated; test points sit at their real time.
  await page.getByTestId('x-time').click();
  await expect.poll(async () => (await ticks(page, 'loss', 'x')).join(' ')).toMatch(/ s/);
  const timeTicks = await ticks(page, 'loss', 'x');
  expect(distinct(timeTicks)).toBe(true);
  const testTicks = await ticks(page, 'test/npd', 'x');
  expect(distinct(testTicks)).toBe(true);
  expect(testTicks.some((t) => t !== '0 s' && /\d+ s/.test(t))).toBe(true);
  await shot(page, '3-time');
  await page.getByTestId('x-epoch').click();
  expect(distinct(await ticks(page, 'loss', 'x'))).toBe(true);
  await page.getByTestId('x-step').click();

  // Zoom by dragging across the loss chart, then reset.
  const before = await ticks(page, 'loss', 'x');
  const box = (await page.locator('[data-testid="chart-loss"] canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => page.getByTestId('reset-zoom-all').count()).toBe(1);
  const zoomed = await ticks(page, 'loss', 'x');
  expect(zoomed).not.toEqual(before);
  expect(Number(zoomed[0]!.replace(/,/g, ''))).toBeGreaterThan(50);
  await shot(page, '4-zoomed');
  await page.locator('[data-testid="chart-loss"] [data-testid="chart-reset-zoom"]').click();
  await expect.poll(() => ticks(page, 'loss', 'x')).toEqual(before);
  expect(await page.getByTestId('reset-zoom-all').count()).toBe(0);

  // Enlarge a panel.
  await page.getByTestId('enlarge-loss').click();
  await expect.poll(() => page.getByTestId('chart-enlarged').isVisible()).toBe(true);
  await shot(page, '5-enlarged');
  await page.getByTestId('enlarged-close').click();
  await expect.poll(() => page.getByTestId('chart-enlarged').count()).toBe(0);

  // Pin throughput: it moves to the top and stays there after a reload.
  await page.getByTestId('pin-images_per_sec').click();
  const pinned = page.locator('[data-testid="panels-pinned"] [data-testid="chart-images_per_sec"]');
  await expect.poll(() => pinned.count()).toBe(1);
  await page.reload();
  await page.waitForSelector('[data-testid="chart-elbo"] canvas');
  await expect.poll(() => pinned.count()).toBe(1);
  expect(await page.getByTestId('pin-images_per_sec').getAttribute('aria-pressed')).toBe('true');
  await shot(page, '6-pinned');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('t');
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await shot(page, '6-pinned-dark');
  await page.keyboard.press('t');
  expect(errors).toEqual([]);
});

it('charts the system metrics a real toy run recorded', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  await page.goto(`${started.base}#/runs/${toyId}`);
  const rss = page.locator('[data-testid="panels-system"] [data-testid="chart-system/rss_mb"]');
  await expect.poll(() => rss.count(), { timeout: 20_000 }).toBe(1);
  expect(await rss.locator('h3').textContent()).toBe('Process memory (RSS, MB)');
  for (const key of ['system/cpu_percent', 'system/heap_mb', 'system/tensor_mb'])
    expect(await page.locator(`[data-testid="chart-${key}"]`).count()).toBe(1);
  expect((await ticks(page, 'system/rss_mb', 'y')).length).toBeGreaterThanOrEqual(2);
  await page.getByTestId('panels-system').scrollIntoViewIfNeeded();
  await shot(page, '7-system');
  expect(errors).toEqual([]);
});
