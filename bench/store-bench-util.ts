import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultRunConfig } from '#shared/config/run-config';
import { createRun, openStore, type StoreDb } from '../src-main/backend/store';

/** Opens a store in a fresh temp folder; the returned cleanup closes and removes it. */
export function tempStore(): { db: StoreDb; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mdm-bench-'));
  const file = path.join(dir, 'mdm.db');
  const db = openStore(file);
  return {
    db,
    file,
    cleanup: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates n runs with varied datasets, diffusions and tags; returns their ids. */
export function createRuns(db: StoreDb, n: number): number[] {
  const diffusions = ['vpsde', 'cld', 'alda', 'malda', 'learned'];
  return Array.from(
    { length: n },
    (_, i) =>
      createRun(db, {
        name: `run ${i} ${diffusions[i % 5]}`,
        config: {
          ...defaultRunConfig,
          learningRate: 1e-4 * (1 + (i % 7)),
          batchSize: 64,
          steps: 10_000,
        },
        dataset: i % 3 === 0 ? 'cifar10' : 'mnist',
        diffusion: diffusions[i % 5] as string,
        k: 1 + (i % 4),
        seed: i,
        tags: i % 10 === 0 ? ['sweep', 'baseline'] : ['sweep'],
      }).id,
  );
}

/** The 20 metric keys a training run logs (ELBO terms as VDM names them, plus training stats). */
export const METRIC_KEYS = Array.from({ length: 20 }, (_, i) =>
  i < 6 ? ['loss', 'bpd', 'bpd_prior', 'bpd_diffusion', 'bpd_aux', 'bpd_offset'][i] : `stat_${i}`,
) as string[];

/** Quantiles (0..1) of a list of numbers, rounded to 0.01. */
export function quantiles(values: number[], qs: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return qs.map((q) => {
    const v = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return Math.round(v * 100) / 100;
  });
}
