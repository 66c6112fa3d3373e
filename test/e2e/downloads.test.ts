/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RequestOf, ResponseOf } from '#shared/api/contract';
import { resultsDir, useStartedApp, watchConsole } from './support';

let page: Page;
let errors: string[];
let token: string;
let runId: number;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const shot = (name: string) =>
  page.screenshot({ path: path.join(resultsDir, `downloads-${name}.png`), fullPage: true });

/** A contract call to the served API with the token, as a script would make it. */
async function call<N extends 'runs-create' | 'runs-get' | 'runs-export'>(
  name: N,
  request: RequestOf<N>,
): Promise<ResponseOf<N>> {
  const response = await fetch(`${started.base}api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  const envelope = (await response.json()) as { ok: boolean; result: ResponseOf<N> };
  if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope)}`);
  return envelope.result;
}

const started = useStartedApp();
beforeAll(async () => {
  token = new URL(started.app.url).searchParams.get('token')!;
  // A small real toy run: two-moons, mlp, learned Q and D; samples at steps 75 and 150 (a toy's
  // learning rate, no warm-up and a short EMA, so 150 steps already draw the moons).
  const config = {
    name: 'moons-downloads',
    dataset: 'two-moons',
    model: 'mlp',
    diffusion: { preset: 'learned', k: 3 },
    batchSize: 128,
    steps: 150,
    learningRate: 2e-3,
    warmupSteps: 0,
    emaDecay: 0.9,
    sampleEvery: 75,
    sampleSteps: 50,
    checkpointEvery: 150,
    evalImages: 0,
  };
  runId = (await call('runs-create', { config })).id;
  for (let status = 'queued'; status !== 'completed';) {
    if (status === 'failed')
      throw new Error(`the toy run failed: ${JSON.stringify(await call('runs-get', { runId }))}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    status = (await call('runs-get', { runId })).run.status;
  }
  page = await started.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  errors = watchConsole(page);
  await page.goto(started.app.url);
}, 240_000);

it('draws 2-D samples as a scatter with axes over the data set, and as a density', async () => {
  await page.goto(`${started.base}#/runs/${runId}`);
  const chart = page.getByTestId('points-chart');
  await expect.poll(() => chart.getAttribute('data-samples'), { timeout: 30_000 }).toBe('1024');
  await expect.poll(() => chart.getAttribute('data-data')).toBe('2000');
  await expect.poll(() => page.getByTestId('sample-step').textContent()).toBe('step 150');
  expect(await chart.getAttribute('data-mode')).toBe('scatter');
  await page.getByTestId('points-view').scrollIntoViewIfNeeded();
  await page.getByTestId('points-view').screenshot({
    path: path.join(resultsDir, 'downloads-scatter.png'),
  });
  await page.getByTestId('points-density').click();
  await expect.poll(() => chart.getAttribute('data-mode')).toBe('density');
  await page.getByTestId('points-view').screenshot({
    path: path.join(resultsDir, 'downloads-density.png'),
  });
  await page.getByTestId('points-scatter').click();
  await shot('run-page');
  expect(errors).toEqual([]);
});

it('every download button gives the browser the bytes of the server-side export', async () => {
  const buttons: [testid: string, what: RequestOf<'runs-export'>['what'], step?: number][] = [
    ['export-samples', 'samples'],
    ['export-params', 'params'],
    ['export-params-csv', 'params-csv'],
    ['export-metrics-csv', 'metrics-csv'],
    ['export-metrics-json', 'metrics-json'],
    ['export-weights', 'weights'],
    ['download-samples-png', 'samples-png', 150],
    ['download-samples-csv', 'samples-csv', 150],
    ['download-samples-npy', 'samples-npy', 150],
  ];
  for (const [testid, what, step] of buttons) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(testid).click(),
    ]);
    const { paths } = await call('runs-export', { runId, what, ...(step ? { step } : {}) });
    const server = readFileSync(paths[0]!);
    const browserBytes = readFileSync(await download.path());
    expect(download.suggestedFilename(), testid).toBe(path.basename(paths[0]!));
    expect(sha256(browserBytes), testid).toBe(sha256(server));
  }

  // An earlier step: the scatter follows the slider, and its downloads are that step's.
  await page.getByTestId('sample-slider').fill('0');
  await expect.poll(() => page.getByTestId('points-chart').getAttribute('data-step')).toBe('75');
  const [earlier] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-samples-npy').click(),
  ]);
  expect(earlier.suggestedFilename()).toBe(`run-${runId}-samples-step-75.npy`);
  const { paths } = await call('runs-export', { runId, what: 'samples-npy', step: 75 });
  expect(sha256(readFileSync(await earlier.path()))).toBe(sha256(readFileSync(paths[0]!)));
  await expect
    .poll(() => page.getByTestId('sample-download-result').textContent())
    .toBe(`Downloaded run-${runId}-samples-step-75.npy`);
  await expect
    .poll(() => page.getByTestId('export-result-weights').textContent())
    .toContain(`Downloaded run-${runId}-weights.zip`);
  await shot('after');
  expect(errors).toEqual([]);
});
