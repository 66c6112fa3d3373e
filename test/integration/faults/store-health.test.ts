import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Handlers } from '#shared/api/contract';
import { main } from '../../../src-main/cli/main';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { createBackendService } from '../../../src-main/backend/service';
import { listBackups } from '../../../src-main/backend/store/health';
import { tempHome, toyConfig, waitFor } from '../runs/support';

/** Issue 14 problem 5: a damaged store is detected at start-up and `mdm doctor` repairs it. */
const open = (home: string) =>
  createBackendService({
    dataDir: home,
    probeBackends: probeComputeBackends,
    maxConcurrentRuns: 0,
  });

/** Runs `work` on the handlers of a service over `home`, then closes it. */
async function withHandlers<T>(home: string, work: (h: Handlers) => Promise<T>): Promise<T> {
  const service = open(home);
  try {
    return await work(service.handlers('http'));
  } finally {
    await service.close();
  }
}

const createRuns = (home: string, names: string[]): Promise<number[]> =>
  withHandlers(home, async (handlers) => {
    const ids: number[] = [];
    for (const name of names)
      ids.push((await handlers['runs-create']({ config: toyConfig({ name }) })).id);
    return ids;
  });

const runNames = async (home: string): Promise<string[]> =>
  (await withHandlers(home, (h) => h['runs-list']({}))).runs.map((r) => r.name).sort();

/** Overwrites the header of the runs table's root page: the kind of damage a bad disk sector does. */
function flipRunsPage(file: string): void {
  const db = new Database(file, { readonly: true });
  const root = db
    .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'runs'")
    .pluck()
    .get() as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(8, 0xff), 0, 8, (root - 1) * pageSize);
  fs.closeSync(fd);
}

function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  return main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) }).then(
    (code) => ({ code, out, err }),
  );
}

describe('store health', () => {
  it('a byte-flipped mdm.sqlite is refused at start-up and mdm doctor restores the backup with every run it held', async () => {
    const home = tempHome('faults-doctor');
    await createRuns(home, ['a', 'b', 'c']);
    // The first start of a day backs the store up: start once more so the backup holds the three runs.
    fs.rmSync(path.join(home, 'backups'), { recursive: true, force: true });
    const service = open(home);
    await waitFor('the daily backup', () => listBackups(path.join(home, 'mdm.sqlite')).length > 0);
    await service.close();

    const file = path.join(home, 'mdm.sqlite');
    flipRunsPage(file);
    expect(() => open(home)).toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\(.*\\): run \`mdm doctor\``,
      ),
    );
    const check = await cli(['doctor', '--data-dir', home]);
    expect(check.code).toBe(1);
    expect(check.out).toContain(`${file}: damaged`);
    expect(check.out).toContain('ok (3 runs)');

    const restore = await cli(['doctor', '--restore', '--data-dir', home]);
    expect(restore.code).toBe(0);
    expect(restore.out).toMatch(
      /^restored .* \(3 runs\); the damaged file is .*mdm\.sqlite\.damaged-/,
    );
    expect(await runNames(home)).toEqual(['a', 'b', 'c']);
  });

  it('mdm doctor --salvage copies the readable rows when there is no backup', async () => {
    const home = tempHome('faults-salvage');
    await createRuns(home, ['a', 'b']);
    const design = { preset: 'custom' as const, q: [[0]], d: [[1]] };
    await withHandlers(home, (h) => h['designs-save']({ name: 'mine', choice: design }));
    fs.rmSync(path.join(home, 'backups'), { recursive: true, force: true });
    const file = path.join(home, 'mdm.sqlite');
    const db = new Database(file);
    const eventsRoot = db
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'run_events'")
      .pluck()
      .get() as number;
    db.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(8, 0xff), 0, 8, (eventsRoot - 1) * 4096);
    fs.closeSync(fd);
    expect(() => open(home)).toThrow(/is damaged/);
    const salvage = await cli(['doctor', '--salvage', '--data-dir', home]);
    expect(salvage.code).toBe(0);
    expect(salvage.out).toMatch(/^salvaged 2 runs/);
    expect(await runNames(home)).toEqual(['a', 'b']);
    const designs = await withHandlers(home, (h) => h['designs-list']({}));
    expect(designs.map((d) => d.name)).toEqual(['mine']);
  });

  it('a 0-byte store beside existing run folders and a truncated store each give one line', () => {
    const home = tempHome('faults-empty');
    fs.mkdirSync(path.join(home, 'runs', '1'), { recursive: true });
    const file = path.join(home, 'mdm.sqlite');
    fs.writeFileSync(file, '');
    expect(() => open(home)).toThrow(
      `${file} is empty but runs/ holds 1 run folders: the store was lost; run \`mdm doctor\``,
    );
    fs.writeFileSync(file, Buffer.from('SQLite format 3\0').subarray(0, 10));
    expect(() => open(home)).toThrow(/is damaged \(.*\): run `mdm doctor`/);
  });

  it('run ids never reuse a folder that exists', async () => {
    const home = tempHome('faults-ids');
    fs.mkdirSync(path.join(home, 'runs', '7'), { recursive: true });
    expect(await createRuns(home, ['new'])).toEqual([8]);
  });
});
