/// <reference lib="dom" />
import { expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seedDatasetRuns, type SeededRun } from './seed-datasets';
import { resultsDir, useStartedApp, watchConsole } from './support';

let moons: SeededRun[];
let mnist: SeededRun[];
const started = useStartedApp((home) => ({ moons, mnist } = seedDatasetRuns(home)));

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: path.join(resultsDir, `across-${name}.png`), fullPage });

/** The right edge of an element, for "fits in the viewport" checks. */
async function rightEdge(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return box.x + box.width;
}

/** Sets the page's hash and returns once its hashchange (and the router's handling of it) has run. */
const routeTo = (page: Page, hash: string) =>
  page.evaluate(
    (h) =>
      new Promise<void>((resolve) => {
        window.addEventListener('hashchange', () => resolve(), { once: true });
        window.location.hash = h;
      }),
    hash,
  );

async function newPage(width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await started.browser.newPage({ viewport: { width, height: 1000 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  return { page, errors };
}

it('at 1440 px the runs table shows bpd, Tags and Created with the System panel folded (remembered)', async () => {
  const { page, errors } = await newPage(1440);
  await page.goto(`${started.base}#/runs`);
  await page.waitForSelector(`[data-testid="run-row-${moons[0]!.id}"]`);
  await expect.poll(() => page.getByTestId('app-version').isVisible()).toBe(true);
  await page.getByTestId('system-toggle').click();
  await expect.poll(() => page.getByTestId('app-version').count()).toBe(0);
  await page.reload();
  await page.waitForSelector(`[data-testid="run-row-${moons[0]!.id}"]`);
  expect(await page.getByTestId('system-info').getAttribute('data-collapsed')).toBe('true');

  for (const header of ['sort-metric:bpd:last', 'sort-created_at']) {
    expect(await rightEdge(page, `[data-testid="${header}"]`)).toBeLessThanOrEqual(1440);
  }
  expect(await rightEdge(page, 'th:has-text("Tags")')).toBeLessThanOrEqual(1440);
  // The table is not clipped: its scroller does not scroll sideways.
  const clipped = await page
    .getByTestId('runs-table')
    .evaluate((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth);
  expect(clipped).toBe(false);
  const tags = page.locator(`[data-testid="run-row-${moons[0]!.id}"] .tag`);
  expect(await tags.allTextContents()).toEqual(['two-moons', 'vpsde', 'issue-12']);
  expect(
    await rightEdge(page, `[data-testid="run-row-${moons[0]!.id}"] .tag >> nth=2`),
  ).toBeLessThanOrEqual(1440);
  // Toy runs show their test NPD in the test BPD column, labelled.
  const cell = page.getByTestId(`run-metric-${moons[0]!.id}-test/bpd`);
  expect((await cell.textContent())?.replace(/\s+/g, ' ').trim()).toBe('2.4npd');
  expect(await page.getByTestId(`run-metric-${mnist[0]!.id}-test/bpd`).textContent()).toContain(
    '1.9',
  );
  await shot(page, 'table-1440');
  expect(errors).toEqual([]);
  await page.close();
});

it('plots final test metrics against a setting and parallel coordinates over five runs', async () => {
  const { page, errors } = await newPage(1600);
  await page.goto(`${started.base}#/runs`);
  await page.waitForSelector(`[data-testid="run-row-${moons[0]!.id}"]`);
  // Nothing selected: the plots cover the page's five runs.
  await page.getByTestId('across-runs').click();
  await expect.poll(() => page.url()).toContain('#/across?ids=');
  await page.waitForSelector('[data-testid="scatter"]');

  // Three two-moons runs by test NPD, the default y; x a numeric setting.
  expect(await page.getByTestId('scatter-y').inputValue()).toBe('test/npd');
  await page.getByTestId('scatter-x').selectOption('learningRate');
  for (const run of moons) {
    await page.waitForSelector(`[data-testid="scatter-point-${run.id}"]`);
  }
  const ys = await Promise.all(
    moons.map(async (r) =>
      Number(await page.getByTestId(`scatter-point-${r.id}`).getAttribute('cy')),
    ),
  );
  // The seeded finals fall with the learning rate; a higher NPD plots higher up (smaller cy).
  expect(ys[0]).toBeLessThan(ys[1]!);
  expect(ys[1]).toBeLessThan(ys[2]!);
  expect(await page.getByTestId('scatter-units').textContent()).toContain('different units');
  expect(await page.getByTestId('scatter-left-out').textContent()).toContain('2 runs');
  await shot(page, 'scatter-numeric', true);

  // A categorical setting, and test BPD for the MNIST runs.
  await page.getByTestId('scatter-y').selectOption('test/bpd');
  await page.getByTestId('scatter-x').selectOption('diffusion.preset');
  for (const run of mnist) await page.waitForSelector(`[data-testid="scatter-point-${run.id}"]`);
  expect(await page.locator('[data-testid^="scatter-point-"]').count()).toBe(2);
  expect(await page.getByTestId('scatter').textContent()).toContain('cld');

  // Parallel coordinates: a line per run, axes for the differing settings and the final metrics.
  const lines = page.locator('[data-testid^="parcoords-line-"]');
  expect(await lines.count()).toBe(5);
  for (const d of await lines.evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''))) {
    expect(d).toMatch(/^M[\d.]+ [\d.]+ L/);
  }
  for (const key of ['dataset', 'learningRate', 'test/bpd', 'test/npd']) {
    expect(await page.getByTestId(`parcoords-axis-${key}`).count()).toBe(1);
  }
  await shot(page, 'parcoords', true);
  // A point opens its run.
  await page.getByTestId(`scatter-point-${mnist[1]!.id}`).click();
  await expect.poll(() => page.url()).toMatch(new RegExp(`#/runs/${mnist[1]!.id}$`));
  expect(errors).toEqual([]);

  // A run deleted since is named and left out; the others still plot. (Chromium itself logs the
  // missing run's 404 response, once per request of it; nothing else may be logged.)
  const notFound = 'Failed to load resource: the server responded with a status of 404 (Not Found)';
  const [a, b, c] = moons.map((r) => r.id);
  await page.goto(`${started.base}#/across?ids=${a},${b},999`);
  await expect.poll(() => page.getByTestId('across-missing').textContent()).toContain('#999');
  await expect.poll(() => page.locator('[data-testid^="parcoords-line-"]').count()).toBe(2);
  expect(errors).toEqual([notFound]);
  // The same runs routed again (a repeated id) are not fetched again; other runs are, once.
  await routeTo(page, `#/across?ids=${a},${b},999,${a}`);
  await routeTo(page, `#/across?ids=${a},${b},${c},999`);
  await expect.poll(() => page.locator('[data-testid^="parcoords-line-"]').count()).toBe(3);
  expect(errors).toEqual([notFound, notFound]);
  await page.close();
});

it('uses a 1920 px screen on the run page, shows full heatmap values, and verifies the ELBO with a verdict', async () => {
  const { page, errors } = await newPage(1920);
  // A two-moons run's page states its final test NPD (nats/dim) where image runs show test BPD.
  await page.goto(`${started.base}#/runs/${moons[0]!.id}`);
  await expect
    .poll(() => page.getByTestId('run-test-bpd').textContent())
    .toMatch(/test NPD \(nats\/dim\)\s*2\.4\s*± 0\.01/);
  const cld = mnist[1]!;
  await page.goto(`${started.base}#/runs/${cld.id}`);
  await expect
    .poll(() => page.getByTestId('run-test-bpd').textContent())
    .toMatch(/test BPD\s*1\.6/);
  await page.waitForSelector('[data-testid="heatmap-q"]');
  const width = (await page.getByTestId('run-detail').boundingBox())!.width;
  expect(width).toBeGreaterThan(1400);

  expect(await page.getByTestId('heatmap-q-cell-0-1').textContent()).toBe('-0.787');
  expect(await page.getByTestId('heatmap-d-cell-0-1').textContent()).toBe('-0.456');
  const cut = await page
    .locator('[data-testid^="heatmap-"][data-testid*="-cell-"]')
    .evaluateAll((cells) =>
      cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.getAttribute('data-testid')),
    );
  expect(cut).toEqual([]);
  await shot(page, 'run-page-1920');

  // Verify ELBO: a verdict in words with the numbers behind it.
  await page.goto(`${started.base}#/new`);
  await page.getByTestId('run-verify').click();
  const result = page.getByTestId('run-verify-result');
  await expect.poll(() => result.getAttribute('data-level'), { timeout: 60_000 }).toBe('pass');
  expect(await page.getByTestId('run-verify-headline').textContent()).toMatch(/^Pass/);
  expect(await result.textContent()).toMatch(/Monte Carlo ELBO\s*-?\d+\.\d{4} ± \d\.\d{4} nats/);
  await result.scrollIntoViewIfNeeded();
  await shot(page, 'verify-elbo');
  expect(errors).toEqual([]);
  await page.close();
});
