import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseClusterProfile } from '../../src-main/backend/cluster/profiles';
import { openStore, saveClusterProfile } from '../../src-main/backend/store/index';
import {
  slurmMissing,
  startLocalSlurm,
  type LocalSlurm,
} from '../integration/cluster/slurm-cluster';
import { repoRoot, resultsDir, useStartedApp, watchConsole } from './support';

const missing = slurmMissing();
if (missing && process.env.CI) throw new Error(`CI must run the slurm tests: ${missing}`);
if (missing) console.warn(`skipping the slurm run-page test: ${missing}`);

let slurm: LocalSlurm;

/** A local Slurm cluster and the app's `local` profile on it, before the app starts. */
async function seed(home: string) {
  slurm = await startLocalSlurm();
  process.env.SLURM_CONF = slurm.conf;
  const db = openStore(path.join(home, 'mdm.sqlite'));
  saveClusterProfile(
    db,
    parseClusterProfile({
      name: 'local',
      partition: slurm.partition,
      mdmCommand: `${process.execPath} ${path.join(repoRoot, 'bin/mdm.js')}`,
    }),
  );
  db.close();
}

describe.skipIf(missing !== null)('slurm: the run page of a run trained by Slurm', () => {
  // Registered first, so it runs after the app's own afterAll: the cluster outlives the app.
  afterAll(() => slurm?.stop());
  const started = useStartedApp(seed, ['--executor', 'slurm', '--profile', 'local']);

  it('slurm: shows the job id, node, state and the tail of the job output', async () => {
    const token = new URL(started.app.url).searchParams.get('token')!;
    const response = await fetch(`${started.base}api/runs-create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        config: {
          name: 'on-slurm',
          dataset: 'swiss-roll',
          model: 'mlp',
          steps: 200,
          sampleEvery: 100,
          sampleSteps: 20,
          evalImages: 0,
        },
      }),
    });
    const { result } = (await response.json()) as { result: { id: number } };

    const page = await started.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors = watchConsole(page);
    // The jobs are listed once; events do the rest (a reload of the run must not restart the panel and blank its table).
    let listed = 0;
    page.on(
      'request',
      (request) => void (request.url().endsWith('/api/cluster-jobs-list') && listed++),
    );
    await page.goto(started.app.url);
    await page.goto(`${started.base}#/runs/${result.id}`);
    const job = page.getByTestId('cluster-job-1');
    await job.waitFor();
    // The state cell itself, then the other cells of that same row.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="cluster-job-1"] td.state')?.textContent ===
        'COMPLETED',
      undefined,
      { timeout: 180_000 },
    );
    const cells = await job.locator('td').allTextContents();
    expect(cells[0]).toBe('1');
    expect(cells[1]).toMatch(/^\d+$/);
    expect(cells[2]).not.toBe('—');
    expect(cells[3]).toBe('COMPLETED');
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="cluster-output"]')
          ?.textContent?.includes('mdm worker: done'),
      undefined,
      { timeout: 30_000 },
    );
    await page.screenshot({ path: path.join(resultsDir, 'slurm-run-page.png'), fullPage: true });
    expect(listed).toBe(1);
    expect(errors).toEqual([]);
  });
});
