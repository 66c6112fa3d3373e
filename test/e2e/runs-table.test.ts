/// <reference lib="dom" />
import { expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parseRunConfig } from '#shared/config/run-config';
import { encodePng } from '../../src-main/backend/export/png';
import {
  addDiffusionParams,
  addRunEvent,
  addSample,
  type MetricsWriter,
  type RunStatus,
  type StoreDb,
} from '../../src-main/backend/store/index';
import { recordRun, resultsDir, seedStore, setRange, useStartedApp, watchConsole } from './support';

const RUNS = 1000;
const PRESETS = ['vpsde', 'cld', 'alda', 'malda', 'learned'] as const;
const ENDINGS: RunStatus[] = ['completed', 'completed', 'stopped', 'failed', 'running'];
/** 20 summaries per run: the ELBO terms, test BPD with its standard error, training stats. */
const KEYS = [
  'loss',
  'bpd',
  'bpd_prior',
  'bpd_diffusion',
  'bpd_aux',
  'bpd_offset',
  'test/bpd',
  'test/bpd_stderr',
  'grad_norm',
  'lr',
  'images_per_sec',
  ...Array.from({ length: 9 }, (_, i) => `stat_${i}`),
];
/** Distinct test BPDs: the run seeded i-th has 1 + ((37 i) mod 1000) / 1000, so i = 0 is the best. */
const testBpdOf = (i: number) => 1 + ((37 * i) % 1000) / 1000;
const nameOf = (i: number) => `sweep-${String(i).padStart(4, '0')} ${PRESETS[i % 5]}`;

let showcaseId = 0;
let longId = 0;

/** A 4×4 grid of 28×28 grayscale tiles: blurry blobs that sharpen into rings as training goes. */
function sampleGrid(progress: number, seed: number): Buffer {
  const tile = 28;
  const gap = 2;
  const n = 4;
  const size = n * tile + (n + 1) * gap;
  const pixels = new Uint8Array(size * size);
  let s = seed * 9301 + 49297;
  const rand = () => (s = (s * 9301 + 49297) % 233280) / 233280;
  for (let t = 0; t < n * n; t++) {
    const ox = gap + (t % n) * (tile + gap);
    const oy = gap + Math.floor(t / n) * (tile + gap);
    const r = 6 + ((t * 5) % 5);
    const cx = 14 + ((t * 3) % 5) - 2;
    const cy = 14 + ((t * 7) % 5) - 2;
    for (let y = 0; y < tile; y++) {
      for (let x = 0; x < tile; x++) {
        const d = Math.hypot(x - cx, y - cy);
        const ring = Math.exp(-((d - r) ** 2) / (2 * (1.2 + 4 * (1 - progress)) ** 2));
        const v = progress * ring + (1 - progress) * rand();
        pixels[(oy + y) * size + ox + x] = Math.max(0, Math.min(255, Math.round(v * 255)));
      }
    }
  }
  return encodePng({ width: size, height: size, channels: 1, pixels });
}

/** 1000 runs × 20 metric summaries, one run with full series, Q/D and samples, one with 100k points. */
function seed(db: StoreDb, writer: MetricsWriter) {
  const t0 = Date.now() - 3 * 86_400_000;
  for (let i = 0; i < RUNS; i++) {
    const preset = PRESETS[i % 5]!;
    const k = preset === 'vpsde' ? 1 : preset === 'malda' || preset === 'learned' ? 3 : 2;
    const config = parseRunConfig({
      name: nameOf(i),
      dataset: i % 4 === 0 ? 'toy-swissroll' : 'mnist',
      diffusion: preset === 'malda' || preset === 'learned' ? { preset, k } : { preset },
      learningRate: 1e-4 * (1 + (i % 4)),
      seed: i,
      steps: 2000,
      tags: i % 10 === 0 ? ['sweep', 'baseline'] : ['sweep'],
    });
    const status = ENDINGS[Math.floor(i / 5) % ENDINGS.length]!;
    const step = status === 'completed' ? 2000 : 400 + ((i * 13) % 1500);
    const id = recordRun(
      db,
      {
        name: config.name,
        config,
        dataset: config.dataset,
        diffusion: preset,
        k,
        backend: i % 3 === 0 ? 'node' : 'wasm',
        seed: i,
        totalSteps: 2000,
        tags: config.tags,
      },
      status,
      { step, error: status === 'failed' ? 'NaN loss at step 812' : null },
    );
    for (let s = 0; s < 3; s++) {
      const values: Record<string, number> = {};
      KEYS.forEach((key, j) => (values[key] = 0.5 + j + ((i * 7 + s) % 100) / 100));
      values['test/bpd'] = testBpdOf(i) + (2 - s) * 0.01;
      values['test/bpd_stderr'] = 0.004 + (i % 5) * 0.001;
      writer.append(id, Math.round((step * (s + 1)) / 3), values, t0 + i * 60_000 + s * 1000);
    }
  }
  writer.flush();

  // The showcase: a learned K = 3 diffusion with full series, Q and D over steps, sample grids, a log.
  const config = parseRunConfig({
    name: 'mnist learned-K3 showcase',
    diffusion: { preset: 'learned', k: 3 },
    steps: 2000,
    tags: ['showcase'],
    notes: 'seeded by runs-table.test.ts',
  });
  showcaseId = recordRun(
    db,
    {
      name: config.name,
      config,
      dataset: 'mnist',
      diffusion: 'learned',
      k: 3,
      backend: 'wasm',
      seed: 0,
      totalSteps: 2000,
      tags: ['showcase'],
    },
    'completed',
    { step: 2000 },
  );
  const start = Date.now() - 3_600_000;
  for (let step = 0; step <= 2000; step += 5) {
    const p = step / 2000;
    const noise = Math.sin(step * 12.9898) * 43758.5453;
    const jitter = (noise - Math.floor(noise) - 0.5) * 0.25 * (1 - 0.6 * p);
    const bpd = 1.35 + 2.6 * Math.exp(-step / 260) + jitter;
    const values: Record<string, number> = {
      loss: 40 * bpd + jitter * 30,
      bpd,
      bpd_prior: 0.002 + 0.03 * Math.exp(-step / 500),
      bpd_diffusion: bpd - 0.35,
      bpd_aux: 0.33 + 0.05 * Math.exp(-step / 400),
      grad_norm: 0.6 + 3 * Math.exp(-step / 150) + Math.abs(jitter) * 2,
      lr: 2e-4 * Math.min(1, step / 100),
      images_per_sec: 410 + 30 * Math.sin(step / 90) + jitter * 40,
    };
    if (step % 250 === 0) {
      values['test/bpd'] = 1.38 + 2.4 * Math.exp(-step / 280);
      values['test/bpd_stderr'] = 0.012;
    }
    writer.append(showcaseId, step, values, start + step * 1700);
  }
  writer.flush();
  for (let step = 0; step <= 2000; step += 100) {
    const p = step / 2000;
    const a = 0.6 + 0.8 * p;
    const q = [
      [0, -a, 0.1 * p],
      [a, 0, -0.5 - 0.4 * p],
      [-0.1 * p, 0.5 + 0.4 * p, 0],
    ];
    const d = [
      [0.02 * (1 - p), 0, 0],
      [0, 0.2 + 0.6 * p, 0.1 * p],
      [0, 0.1 * p, 1.1 - 0.3 * p],
    ];
    addDiffusionParams(db, showcaseId, { step, q, d, time: start + step * 1700 });
  }
  for (let step = 0; step <= 2000; step += 250) {
    const png = sampleGrid(step / 2000, step + 1);
    addSample(db, showcaseId, { step, kind: 'grid', png, width: 122, height: 122 });
  }
  addRunEvent(db, showcaseId, 'info', 'Training on wasm (XNNPACK, 2 threads); 60000 MNIST images');
  addRunEvent(db, showcaseId, 'info', 'Checkpoint saved at step 1000');
  addRunEvent(db, showcaseId, 'warn', 'Gradient norm 5.2 clipped to 2 at step 31');
  addRunEvent(db, showcaseId, 'info', 'Finished: test BPD 1.380 ± 0.012');

  // 100k points in one series, for the redraw measurement.
  longId = recordRun(
    db,
    {
      name: 'long run 100k points',
      config: parseRunConfig({ name: 'long run 100k points', steps: 100_000 }),
      dataset: 'mnist',
      diffusion: 'cld',
      k: 2,
      seed: 1,
      totalSteps: 100_000,
    },
    'completed',
    { step: 100_000 },
  );
  for (let step = 0; step < 100_000; step++) {
    const noise = Math.sin(step * 78.233) * 43758.5453;
    const y = 1.4 + 2 * Math.exp(-step / 9000) + (noise - Math.floor(noise) - 0.5) * 0.3;
    writer.append(longId, step, { loss: y }, start + step * 20);
  }
}

const started = useStartedApp((home) => {
  const t = performance.now();
  seedStore(home, seed, 20_000);
  console.log(`seeded ${RUNS + 2} runs in ${Math.round(performance.now() - t)} ms`);
});

const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: path.join(resultsDir, `runs-${name}.png`), fullPage });

const rowIds = (page: Page) =>
  page.$$eval('[data-testid^="run-row-"]', (rows) =>
    rows.map((r) => Number(r.getAttribute('data-testid')!.slice('run-row-'.length))),
  );

/** Clicks a control and measures, in the page, the time until the table's first row changes. */
function timeTableChange(page: Page, testid: string): Promise<number> {
  return page.evaluate(async (id) => {
    const first = () =>
      document.querySelector('[data-testid^="run-row-"]')?.getAttribute('data-testid');
    const before = first();
    const t0 = performance.now();
    (document.querySelector(`[data-testid="${id}"]`) as HTMLElement).click();
    await new Promise<void>((resolve) => {
      const check = () => (first() !== before ? resolve() : requestAnimationFrame(check));
      check();
    });
    return performance.now() - t0;
  }, testid);
}

it('lists 1000 seeded runs fast, sorts, filters and pages on the server, and compares', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  await page.evaluate(() => {
    localStorage.setItem('mdm-theme', 'light');
    localStorage.removeItem('mdm-runs-columns');
  });

  // First render of the table: navigation start → 50 rows in the DOM.
  await page.goto(`${started.base}#/runs`);
  await page.waitForSelector('[data-testid="runs-table"] tbody tr:nth-child(50)');
  const firstRender = await page.evaluate(() => performance.now());
  expect(await page.getByTestId('runs-total').textContent()).toBe(String(RUNS + 2));
  expect(await page.getByTestId('runs-range').textContent()).toContain(`1–50 of ${RUNS + 2}`);
  // Newest first by default: the 100k-point run, then the showcase.
  expect((await rowIds(page)).slice(0, 2)).toEqual([longId, showcaseId]);
  expect(await page.getByTestId(`run-status-${showcaseId}`).textContent()).toContain('completed');
  // Seeded "running" runs were left by no process: the manager marks them interrupted at start.
  const interrupted = (await rowIds(page)).find(
    (id) => id <= RUNS && Math.floor((id - 1) / 5) % 5 === 4,
  );
  expect(await page.getByTestId(`run-status-${interrupted}`).textContent()).toContain(
    'interrupted',
  );
  await shot(page, 'table', false);

  // Sort by a metric (server-side, metric:test/bpd:last): the best run first.
  const sortMetric = await timeTableChange(page, 'sort-metric:test/bpd:last');
  const best = (await rowIds(page))[0];
  expect(await page.getByTestId(`run-link-${best}`).textContent()).toBe(nameOf(0));
  expect(await page.getByTestId(`run-metric-${best}-test/bpd`).textContent()).toBe('1');
  await page.getByTestId('sort-metric:test/bpd:last').click();
  await expect.poll(async () => (await rowIds(page))[0]).not.toBe(best);

  // Sort by name, ascending.
  const sortName = await timeTableChange(page, 'sort-name');
  const names = await page.$$eval('[data-testid^="run-link-"]', (as) =>
    as.map((a) => a.textContent),
  );
  expect(names.slice(0, 3)).toEqual([
    'long run 100k points',
    'mnist learned-K3 showcase',
    nameOf(0),
  ]);

  // Paging and page size.
  await page.getByTestId('page-next').click();
  await expect.poll(() => page.getByTestId('runs-range').textContent()).toContain('51–100');
  expect((await rowIds(page)).length).toBe(50);
  await page.getByTestId('page-size').selectOption('200');
  await expect.poll(async () => (await rowIds(page)).length).toBe(200);
  await page.keyboard.press(']');
  await expect.poll(() => page.getByTestId('runs-range').textContent()).toContain('201–400');
  await page.keyboard.press('[');
  await expect.poll(() => page.getByTestId('runs-range').textContent()).toContain('1–200');

  // Text and status filters.
  await page.keyboard.press('/');
  await page.keyboard.type('cld');
  await expect.poll(() => page.getByTestId('runs-total').textContent()).toBe(String(RUNS / 5));
  await page.getByTestId('status-filter-failed').click();
  await expect.poll(() => page.getByTestId('runs-total').textContent()).toBe(String(RUNS / 5 / 5));
  for (const id of await rowIds(page)) {
    expect(await page.getByTestId(`run-status-${id}`).textContent()).toContain('failed');
  }
  await shot(page, 'filtered', false);
  await page.getByTestId('runs-filter').fill('no such run');
  await expect.poll(() => page.getByTestId('runs-empty-filtered').isVisible()).toBe(true);
  await page.getByTestId('clear-filters').click();
  await expect.poll(() => page.getByTestId('runs-total').textContent()).toBe(String(RUNS + 2));

  // A metric column from the picker, with its statistic.
  await page.getByTestId('column-picker').locator('summary').click();
  await page.getByTestId('column-toggle-grad_norm').check();
  await page.getByTestId('column-stat-grad_norm').selectOption('max');
  await page.getByTestId('column-picker').locator('summary').click();
  await expect
    .poll(() => page.locator('[data-testid="sort-metric:grad_norm:max"]').isVisible())
    .toBe(true);

  // Select two runs with the keyboard and the mouse, then compare.
  await page.getByTestId('runs-filter').fill('sweep-000');
  await expect.poll(() => page.getByTestId('runs-total').textContent()).toBe('10');
  const [a, b] = await rowIds(page);
  await page.getByTestId(`run-select-${a}`).check();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.getByTestId('runs-filter').fill('');
  await shot(page, 'selected', false);
  await page.getByTestId('compare-selected').click();
  await expect.poll(() => page.url()).toContain('#/compare?ids=');
  await page.waitForSelector('[data-testid="compare-table"]');
  await expect
    .poll(() => page.$$eval('[data-testid^="compare-row-"]', (rows) => rows.length))
    .toBe(2);
  await expect.poll(() => page.getByTestId(`compare-row-${a}`).isVisible()).toBe(true);
  await expect.poll(() => page.getByTestId(`compare-row-${b}`).isVisible()).toBe(true);
  await expect.poll(() => page.getByTestId('config-diff').textContent()).toContain('seed');
  await expect.poll(() => page.getByTestId(`compare-bpd-${a}`).textContent()).toMatch(/± 0\.00\d/);
  // The loss chart (one per dataset when the two runs' datasets differ).
  await page.waitForSelector('[data-testid^="chart-loss"] canvas');
  await shot(page, 'compare');

  // Delete one run, confirming first.
  await page.goto(`${started.base}#/runs`);
  await page.getByTestId('runs-filter').fill('sweep-0999');
  await expect.poll(() => page.getByTestId('runs-total').textContent()).toBe('1');
  const [victim] = await rowIds(page);
  await page.getByTestId(`run-delete-${victim}`).click();
  await expect.poll(() => page.getByTestId('confirm-delete').isVisible()).toBe(true);
  await shot(page, 'confirm-delete', false);
  await page.getByTestId('confirm-delete-ok').click();
  await expect.poll(() => page.getByTestId('runs-empty-filtered').isVisible()).toBe(true);
  await page.getByTestId('runs-filter').fill('');
  await expect.poll(() => page.getByTestId('runs-total').textContent()).toBe(String(RUNS + 1));

  // Rendering alone, in the page: another route → the runs page (fetch + 50 rows), and 200 rows.
  await page.evaluate(() => (location.hash = '#/compare'));
  await page.waitForSelector('[data-testid="compare-empty"]');
  const routeToTable = await page.evaluate(async () => {
    const t0 = performance.now();
    location.hash = '#/runs';
    await new Promise<void>((resolve) => {
      const check = () =>
        document.querySelectorAll('[data-testid^="run-row-"]').length >= 50
          ? resolve()
          : requestAnimationFrame(check);
      check();
    });
    return performance.now() - t0;
  });
  await page.getByTestId('page-size').selectOption('50');
  const rows200 = await page.evaluate(async () => {
    const select = document.querySelector('[data-testid="page-size"]') as HTMLSelectElement;
    const t0 = performance.now();
    select.value = '200';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise<void>((resolve) => {
      const check = () =>
        document.querySelectorAll('[data-testid^="run-row-"]').length >= 200
          ? resolve()
          : requestAnimationFrame(check);
      check();
    });
    return performance.now() - t0;
  });

  // Help overlay and the dark theme.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await expect.poll(() => page.getByTestId('help-overlay').isVisible()).toBe(true);
  await shot(page, 'help', false);
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('help-overlay').isVisible()).toBe(false);
  await page.keyboard.press('t');
  await shot(page, 'table-dark', false);
  await page.keyboard.press('t');

  console.log(
    `runs table: first render (navigation → 50 rows) ${Math.round(firstRender)} ms; ` +
      `route → 50 rows ${Math.round(routeToTable)} ms; 50 → 200 rows ${Math.round(rows200)} ms; ` +
      `sort by metric ${Math.round(sortMetric)} ms; sort by name ${Math.round(sortName)} ms`,
  );
  expect(errors).toEqual([]);
});

it('shows a run: live charts, Q and D heatmaps, samples with a slider, log and config', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  await page.evaluate(() => localStorage.setItem('mdm-theme', 'light'));
  await page.goto(`${started.base}#/runs/${showcaseId}`);
  await page.waitForSelector('[data-testid="chart-loss"] canvas');
  for (const key of [
    'loss',
    'bpd',
    'bpd_prior',
    'bpd_diffusion',
    'bpd_aux',
    'grad_norm',
    'lr',
    'images_per_sec',
    'test/bpd',
  ]) {
    await expect.poll(() => page.getByTestId(`chart-${key}`).isVisible()).toBe(true);
  }
  await expect
    .poll(() => page.getByTestId('run-test-bpd').textContent())
    .toMatch(/1\.38\d*\s*± 0\.012/);

  // Q and D: 3×3 heatmaps, the last step first; the slider moves to step 0.
  await page.waitForSelector('[data-testid="heatmap-q"]');
  expect(await page.getByTestId('params-step').textContent()).toBe('2000');
  expect(await page.locator('[data-testid^="heatmap-q-cell-"]').count()).toBe(9);
  expect(
    Number(await page.getByTestId('heatmap-q-cell-1-0').getAttribute('data-value')),
  ).toBeCloseTo(1.4);
  await page.getByTestId('heatmap-d-cell-2-2').hover();
  expect(await page.getByTestId('heatmap-d-readout').textContent()).toContain(
    'D[v2, v2] = 0.800000',
  );
  await setRange(page, 'params-slider', 0);
  expect(await page.getByTestId('params-step').textContent()).toBe('0');
  await setRange(page, 'params-slider', 20);

  // Samples: the last grid, a slider over steps, the image decoded from base64.
  const grid = page.getByTestId('sample-grid');
  await expect.poll(() => grid.getAttribute('data-step')).toBe('2000');
  await expect.poll(() => grid.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(122);
  await setRange(page, 'sample-slider', 2);
  await expect.poll(() => grid.getAttribute('data-step')).toBe('500');
  await setRange(page, 'sample-slider', 8);
  await expect.poll(() => page.getByTestId('events-log').textContent()).toContain('clipped to 2');
  await expect
    .poll(() => page.getByTestId('config-table').textContent())
    .toContain('diffusion.preset');
  // The picture is the last grid, decoded, before the screenshot.
  await expect.poll(() => grid.getAttribute('data-step')).toBe('2000');
  expect(await page.getByLabel('Sample step').getAttribute('data-testid')).toBe('sample-slider');
  await expect
    .poll(() =>
      grid.evaluate((img) => {
        const image = img as HTMLImageElement;
        return image.complete && image.naturalWidth;
      }),
    )
    .toBe(122);
  await shot(page, 'detail');

  // Download the learned parameters: the page names the file the browser got.
  await page.getByTestId('export-params').click();
  const exported = page.getByTestId('export-result-params');
  await expect.poll(() => exported.isVisible()).toBe(true);
  console.log(`export params: ${await exported.textContent()}`);

  // Samples from the keyboard: `,` one step back, `.` one on; log scale and x by wall time.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(',');
  await expect.poll(() => grid.getAttribute('data-step')).toBe('1750');
  expect(await page.getByTestId('sample-step').textContent()).toBe('step 1750');
  await page.keyboard.press('.');
  await expect.poll(() => grid.getAttribute('data-step')).toBe('2000');
  await page.keyboard.press('l');
  await page.keyboard.press('w');
  expect(await page.getByTestId('log-y').isChecked()).toBe(true);
  expect(await page.getByTestId('x-time').getAttribute('aria-pressed')).toBe('true');
  await page.keyboard.press('t');
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await shot(page, 'detail-dark');
  await page.keyboard.press('t');
  expect(errors).toEqual([]);
});

it('redraws a 100k-point series quickly (smoothing, log scale, zoom and reset)', async () => {
  const page = await started.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(started.app.url);
  await page.goto(`${started.base}#/runs/${longId}`);
  await page.waitForSelector('[data-testid="chart-loss"] canvas');
  const updates = () => page.getByTestId('chart-loss').getAttribute('data-updates');
  const points = () =>
    page.locator('[data-points]:has([data-testid="chart-loss"])').getAttribute('data-points');
  // The first (2,000-point) series is drawn before the redraws are counted.
  await expect.poll(async () => Number(await points())).toBeGreaterThan(0);
  const before = Number(await updates());
  await page.getByTestId('max-points').selectOption('0');
  // All 100k points arrive: the chart holds them and redraws once more.
  await expect.poll(points, { timeout: 20_000 }).toBe('100000');
  expect(Number(await updates())).toBeGreaterThan(before);

  const redraw = (control: 'smoothing' | 'log-y', value: string) =>
    page.evaluate(
      async ([id, v]) => {
        const chart = document.querySelector('[data-testid="chart-loss"]') as HTMLElement;
        const input = document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
        const before = Number(chart.dataset.updates);
        const t0 = performance.now();
        const updated = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (Number(chart.dataset.updates) > before) {
              observer.disconnect();
              resolve(performance.now() - t0);
            }
          });
          observer.observe(chart, { attributes: true, attributeFilter: ['data-updates'] });
        });
        if (input.type === 'checkbox') input.click();
        else {
          input.value = v;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        const update = await updated;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        return { update, frame: performance.now() - t0 };
      },
      [control, value] as const,
    );

  /** Times a real mouse gesture on the chart, from its last event (`eventName`) to the chart's update and the next frame. */
  const gesture = async (eventName: 'pointerup' | 'dblclick', act: () => Promise<void>) => {
    await page.evaluate((name) => {
      const chart = document.querySelector('[data-testid="chart-loss"]') as HTMLElement;
      const before = Number(chart.dataset.updates);
      (window as unknown as { gestureTime: Promise<unknown> }).gestureTime = new Promise(
        (resolve) => {
          let t0 = 0;
          window.addEventListener(name, () => (t0 = performance.now()), {
            capture: true,
            once: true,
          });
          const observer = new MutationObserver(() => {
            if (Number(chart.dataset.updates) <= before) return;
            observer.disconnect();
            const update = performance.now() - t0;
            requestAnimationFrame(() => resolve({ update, frame: performance.now() - t0 }));
          });
          observer.observe(chart, { attributes: true, attributeFilter: ['data-updates'] });
        },
      );
    }, eventName);
    await act();
    return page.evaluate(
      () =>
        (window as unknown as { gestureTime: Promise<{ update: number; frame: number }> })
          .gestureTime,
    );
  };
  const box = (await page.locator('[data-testid="chart-loss"] canvas').boundingBox())!;
  const at = (f: number) => [box.x + box.width * f, box.y + box.height / 2] as const;
  const zoomIn = (from: number, to: number) =>
    gesture('pointerup', async () => {
      await page.mouse.move(...at(from));
      await page.mouse.down();
      await page.mouse.move(...at(to), { steps: 3 });
      await page.mouse.up();
    });
  const reset = () => gesture('dblclick', () => page.mouse.dblclick(...at(0.5)));

  const times: { update: number; frame: number }[] = [];
  for (const v of ['0.9', '0.5', '0', '0.8', '0.95', '0.3'])
    times.push(await redraw('smoothing', v));
  times.push(await redraw('log-y', ''), await redraw('log-y', ''));
  const zooms: { update: number; frame: number }[] = [];
  for (const [from, to] of [
    [0.2, 0.7],
    [0.1, 0.4],
    [0.5, 0.9],
    [0.3, 0.35],
    [0.6, 0.8],
    [0.15, 0.95],
  ] as const)
    zooms.push(await zoomIn(from, to), await reset());
  const median = (xs: number[]) => xs.slice().sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
  const all = [...times, ...zooms];
  const update = median(all.map((t) => t.update));
  const frame = median(all.map((t) => t.frame));
  console.log(
    JSON.stringify({
      bench: '100k-point chart redraw',
      redraws: all.length,
      medianUpdateMs: Number(update.toFixed(1)),
      medianFrameMs: Number(frame.toFixed(1)),
      medianZoomUpdateMs: Number(median(zooms.map((t) => t.update)).toFixed(1)),
      updatesMs: all.map((t) => Number(t.update.toFixed(1))),
    }),
  );
  await shot(page, 'long-100k');
  expect(update).toBeLessThan(1000);
  expect(errors).toEqual([]);
});
