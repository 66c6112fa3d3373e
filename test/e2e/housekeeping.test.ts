/// <reference lib="dom" />
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '#shared/config/run-config';
import { newRunOf } from '../../src-main/backend/runs/manager';
import { resultsDir, seedEndedRun, useStartedApp, watchConsole } from './support';

/** Issue 12 §6 and §10: rename, Markdown notes, tags, the filter, and banners that follow the run. */

let home: string;
let page: Page;
let errors: string[];
let baselineId: number;

/** A 2-D toy run; a batch of 4096 makes each step slow enough (about a second here) to watch a stop. */
const toy = (name: string, batchSize: number) => ({
  name,
  dataset: 'two-moons',
  model: 'mlp',
  diffusion: { preset: 'cld' },
  batchSize,
  steps: 100_000,
  sampleEvery: 0,
  checkpointEvery: 0,
  evalImages: 0,
});

/** A completed baseline run, recorded before the app starts. */
function seed(dir: string) {
  home = dir;
  const baseline = {
    ...newRunOf(parseRunConfig(toy('baseline', 32))),
    notes: 'The plain run everything is compared with.',
    tags: ['paper'],
  };
  baselineId = seedEndedRun(home, baseline, 'completed');
}

const started = useStartedApp(seed);
beforeAll(async () => {
  page = await started.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  errors = watchConsole(page);
  await page.goto(started.app.url);
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(resultsDir, `housekeeping-${name}.png`), fullPage: true });

/** Starts a run through the API, as any client would. */
async function createToyRun(name: string, batchSize: number): Promise<number> {
  const token = new URL(started.app.url).searchParams.get('token')!;
  const response = await fetch(`${started.base}api/runs-create`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ config: toy(name, batchSize) }),
  });
  const envelope = (await response.json()) as { ok: boolean; result: { id: number } };
  expect(envelope.ok).toBe(true);
  return envelope.result.id;
}

const status = (runId: number) =>
  page.getByTestId(`run-status-${runId}`).getAttribute('data-status');
/** The step the run page shows ("step N / total"). */
const shownStep = async () =>
  Number(/step (\d+) \/ /.exec((await page.textContent('.steps')) ?? '')?.[1] ?? -1);
const banner = () => page.getByTestId('run-banner');
const logText = () => page.getByTestId('events-log').textContent();

/** Records, in the page, every text the run page's banner shows (a short one included). */
const recordBanners = () =>
  page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { banners: string[] }).banners = seen;
    const note = () => {
      const text = document.querySelector('[data-testid="run-banner"]')?.textContent ?? null;
      if (text !== null && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
const bannersSeen = () => page.evaluate(() => (window as unknown as { banners: string[] }).banners);

describe('run housekeeping in the served app', () => {
  let runId: number;

  it('renames a run, adds Markdown notes (a <script> in them is shown, not run) and tags', async () => {
    runId = await createToyRun('moons-try', 4096);
    await page.goto(`${started.base}#/runs/${runId}`);
    await expect.poll(() => status(runId), { timeout: 60_000 }).toBe('running');

    await page.getByTestId('run-rename').click();
    await page.getByTestId('run-name-input').fill('   ');
    await page.getByTestId('run-name-input').press('Enter');
    expect(await page.getByRole('alert').textContent()).toBe('A run needs a name.');
    await page.getByTestId('run-name-input').fill('moons, lr 3e-3');
    await page.getByTestId('run-name-input').press('Enter');
    await expect.poll(() => page.getByTestId('run-name').textContent()).toBe('moons, lr 3e-3');

    await page.getByTestId('run-tag-input').fill('lr-sweep, wide-mlp');
    await page.getByTestId('run-tag-input').press('Enter');
    await expect
      .poll(() => page.getByTestId('run-tag').allTextContents())
      .toEqual(['lr-sweep×', 'wide-mlp×']);
    await page.getByRole('button', { name: 'Remove tag wide-mlp' }).click();
    await expect.poll(() => page.getByTestId('run-tag').allTextContents()).toEqual(['lr-sweep×']);

    await page.getByTestId('run-notes-edit').click();
    await page
      .getByTestId('run-notes-input')
      .fill(
        '## Why\nThe **higher lr** diverged near step 900.\n\n' +
          '<script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2">',
      );
    await page.getByTestId('run-notes-save').click();
    const notes = page.getByTestId('run-notes');
    await expect.poll(() => notes.locator('strong').textContent()).toBe('higher lr');
    expect(await notes.locator('h2').textContent()).toBe('Why');
    expect(await notes.locator('script, img').count()).toBe(0);
    expect(await notes.textContent()).toContain('<script>window.pwned = 1</script>');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBe(
      undefined,
    );
    // Stored: a reload shows the same.
    await page.reload();
    await expect.poll(() => page.getByTestId('run-name').textContent()).toBe('moons, lr 3e-3');
    await expect.poll(() => notes.locator('strong').textContent()).toBe('higher lr');
    // The configuration lists the settings, not the name, notes and tags shown above it.
    const config = await page.getByTestId('config-table').textContent();
    expect(config).toContain('batchSize');
    expect(config).not.toMatch(/pwned|lr-sweep|moons-try/);
    await shot('1-notes-and-tags');
  });

  it('shows "Stopping" until the run has stopped, and the stop in the log', async () => {
    // Stopped once it has trained, so the resume below continues from a step past 0.
    await expect.poll(shownStep, { timeout: 60_000 }).toBeGreaterThan(0);
    await recordBanners();
    await page.getByTestId(`run-stop-${runId}`).click();
    await shot('2-stopping');
    await expect.poll(() => status(runId), { timeout: 60_000 }).toBe('stopped');
    await expect.poll(() => banner().count()).toBe(0);
    expect(await bannersSeen()).toEqual(['Stopping: the run saves a checkpoint first.']);
    await expect.poll(logText).toMatch(/stop requested: the run saves a checkpoint, then stops/);
    await expect.poll(logText).toMatch(/stopped at step \d+ \(checkpoint saved\)/);
    await shot('3-stopped');
  });

  it('shows "Queued to resume" while it waits for a slot and not once it runs', async () => {
    const other = await createToyRun('keeps-the-slot', 32);
    await expect
      .poll(() => page.getByTestId(`run-resume-${runId}`).count(), { timeout: 60_000 })
      .toBe(1);
    const step = await shownStep();
    expect(step).toBeGreaterThan(0);
    await page.getByTestId(`run-resume-${runId}`).click();
    await expect.poll(() => status(runId)).toBe('queued');
    await expect
      .poll(() => banner().textContent())
      .toBe(`Queued to resume: it continues from the checkpoint at step ${step}.`);
    await shot('4-queued-to-resume');

    const token = new URL(started.app.url).searchParams.get('token')!;
    await fetch(`${started.base}api/runs-stop`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ runId: other }),
    });
    await expect.poll(() => status(runId), { timeout: 60_000 }).toBe('running');
    await expect.poll(() => banner().count()).toBe(0);
    await expect.poll(logText).toContain(`resumed from step ${step}`);
    await shot('5-resumed');
  });

  it('replaces "Queued to resume" by the reason when a resume fails', async () => {
    await page.getByTestId(`run-stop-${runId}`).click();
    await expect.poll(() => status(runId), { timeout: 60_000 }).toBe('stopped');
    // The checkpoint's weights go missing: the resume is accepted, then the worker cannot load them.
    const checkpoints = path.join(home, 'runs', String(runId), 'checkpoints');
    const latest = readdirSync(checkpoints).sort().at(-1)!;
    rmSync(path.join(checkpoints, latest, 'model.json'));
    await page.getByTestId(`run-resume-${runId}`).click();
    await expect.poll(() => status(runId), { timeout: 60_000 }).toBe('failed');
    await expect.poll(() => banner().textContent()).toMatch(/^The resume failed: .*model\.json/);
    await expect.poll(logText).toMatch(/failed: .*model\.json/);
    await shot('6-resume-failed');
  });

  it('filters the runs table by tag and by note text', async () => {
    await page.goto(`${started.base}#/runs`);
    await expect.poll(() => page.locator('[data-testid^="run-row-"]').count()).toBe(3);
    const rows = () => page.locator('[data-testid^="run-row-"]').count();
    const shown = (id: number) => page.locator(`[data-testid="run-row-${id}"]`).count();
    // By tag: a click on the run's tag chip keeps the runs with that exact tag.
    await page.getByTestId(`tag-chip-${runId}`).click();
    expect(await page.getByTestId('runs-filter').inputValue()).toBe('tag:lr-sweep');
    await expect.poll(rows).toBe(1);
    expect(await shown(runId)).toBe(1);
    await shot('7-filter-by-tag');
    // By note text, either run's notes.
    await page.getByTestId('runs-filter').fill('compared with');
    await expect.poll(() => shown(baselineId)).toBe(1);
    expect(await rows()).toBe(1);
    await page.getByTestId('runs-filter').fill('higher LR');
    await expect.poll(() => shown(runId)).toBe(1);
    expect(await rows()).toBe(1);
    await shot('8-filter-by-notes');
    expect(errors).toEqual([]);
  });
});
