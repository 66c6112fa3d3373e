/// <reference lib="dom" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { openStore, type StoreDb } from '../../src-main/backend/store/index';
import { metricSteps, spawnMdm, waitFor, type MdmChild } from '../integration/runs/support';
import { resultsDir, useStartedApp, watchConsole } from './support';

/** The UI of an app that does not own its data directory follows, live, and stops the runs `mdm sweep create` trains there (docs/architecture.md §3). */

let db: StoreDb;
let sweep: MdmChild;
let page: Page;

/** `mdm sweep create` on the app's data directory before the app starts: it owns the runs, the app only shows them. */
async function seed(home: string) {
  db = openStore(path.join(home, 'mdm.sqlite'));
  sweep = spawnMdm([
    ...'sweep create --dataset two-moons --diffusions vpsde,cld --seeds 1 --protocol custom'.split(
      ' ',
    ),
    ...'--model mlp --steps 100000 --sample-every 0 --data-dir'.split(' '),
    home,
  ]);
  await waitFor('run 1 to train', () => metricSteps(db, 1).length > 0, 120_000);
}

const started = useStartedApp(seed);
afterAll(async () => {
  if (sweep.child.exitCode === null && sweep.child.signalCode === null) {
    process.kill(-sweep.child.pid!, 'SIGKILL');
    await sweep.exited;
  }
  db.close();
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(resultsDir, `owner-forward-${name}.png`), fullPage: true });
const stored = (runId: number) =>
  db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId) as string;

it('stops a run and a sweep another process trains, and shows that owner refusing a resume', async () => {
  page = await started.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchConsole(page);
  const asked = `Asked pid ${sweep.child.pid}, which trains this data directory.`;
  await page.goto(started.app.url);

  await page.goto(`${started.base}#/runs/1`);
  // The app follows the store: run 1's progress moves while the other process trains it.
  const shownStep = async () =>
    Number(
      /^step (\d+)/.exec((await page.getByTestId('run-progress').getAttribute('title')) ?? '')?.[1],
    );
  await expect.poll(shownStep).toBeGreaterThan(0);
  const first = await shownStep();
  await expect.poll(shownStep).toBeGreaterThan(first);
  await page.getByTestId('run-stop-1').click();
  await expect.poll(() => page.getByTestId('run-asked').textContent()).toBe(asked);
  await waitFor('run 1 stopped', () => stored(1) === 'stopped');
  // Run 1 ended at the checkpoint its stop saved, as its page shows without a reload.
  const log = () => page.getByTestId('events-log').textContent();
  await expect.poll(log).toMatch(/stopped at step \d+ \(checkpoint saved\)/);
  await expect
    .poll(() => page.getByTestId('run-status-1').getAttribute('data-status'))
    .toBe('stopped');
  const step = Number(/stopped at step (\d+) \(checkpoint saved\)/.exec((await log()) ?? '')?.[1]);
  const checkpoints = db.prepare('SELECT step FROM checkpoints WHERE run_id = 1').pluck().all();
  expect(checkpoints.at(-1)).toBe(step);
  await shot('1-run-stop');

  await page.goto(`${started.base}#/sweeps/1`);
  await page.getByTestId('sweep-resume').click();
  await expect
    .poll(() => page.getByRole('alert').textContent())
    .toBe(
      `pid ${sweep.child.pid} trains only the runs it started (mdm train, mdm sweep create) and exits after them: start or resume runs once it has ended, or from mdm serve or the app`,
    );
  await page.getByTestId('sweep-stop').click();
  await expect.poll(() => page.getByTestId('sweep-asked').textContent()).toBe(asked);
  await shot('2-sweep-stop');
  expect(await sweep.exited, sweep.stderr()).toBe(0);
  expect([stored(1), stored(2)]).toEqual(['stopped', 'stopped']);

  // Chromium logs the refused resume's response; nothing else may be logged.
  const refused =
    'Failed to load resource: the server responded with a status of 503 (Service Unavailable)';
  expect(errors).toEqual([refused]);
});
