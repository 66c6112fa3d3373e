import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '#shared/config/run-config';
import { newRunOf } from '../../../src-main/backend/runs/manager';
import { dispatch } from '../../../src-main/backend/dispatch';
import { createRun, openStore } from '../../../src-main/backend/store/index';
import { callApi, startTarget, type SecurityTarget } from './support';

let target: SecurityTarget;
let runId: number;

/** Every file under `dir` (names and contents) as one digest: any write, new file or removal changes it. */
function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      hash.update(`${path.relative(dir, file)}\0`);
      if (statSync(file).isDirectory()) walk(file);
      else hash.update(readFileSync(file));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

beforeAll(async () => {
  target = await startTarget();
  const db = openStore(path.join(target.dataDir, 'mdm.sqlite'));
  const config = parseRunConfig({ name: 'victim', diffusion: { preset: 'malda', k: 2 } });
  runId = createRun(db, { ...newRunOf(config), totalSteps: 10 }).id;
  db.close();
});
afterAll(() => target.close());

/** Sends one export request and asserts it is refused with 400 and leaves the data directory unchanged. */
async function expectRefused(request: Record<string, unknown>, message: string | RegExp) {
  const before = hashTree(target.dataDir);
  const { status, json } = await callApi(target, 'runs-export', { runId, ...request });
  expect(status).toBe(400);
  expect(json.error?.message).toMatch(message);
  expect(hashTree(target.dataDir)).toBe(before);
}

// Attack 2 of issue 13: runs-export with a free folder destroyed mdm.sqlite and wrote into /etc.
describe('exports over the API', () => {
  it('refuses a folder in the request: into the data dir, onto mdm.sqlite', async () => {
    await expectRefused(
      { what: 'params', folder: target.dataDir, fileName: 'mdm.sqlite' },
      /^folder: only the command line may name a local path/,
    );
    await expectRefused({ what: 'params', fileName: '../mdm.sqlite' }, /path separator/);
    await expectRefused({ what: 'params', fileName: '..' }, /is not a file name/);
  });

  it('refuses /etc as a folder or in the name', async () => {
    await expectRefused({ what: 'params', folder: '/etc' }, /^folder: only the command line/);
    await expectRefused({ what: 'metrics-csv', fileName: '/etc/mdm-evil' }, /path separator/);
    expect(existsSync('/etc/mdm-evil')).toBe(false);
  });

  it('refuses NUL bytes, control characters, backslashes and over-long names', async () => {
    await expectRefused({ what: 'params', fileName: 'a\0b.zip' }, /NUL byte/);
    await expectRefused({ what: 'params', fileName: 'a\nb.zip' }, /control character/);
    await expectRefused({ what: 'params', fileName: '..\\mdm.sqlite' }, /path separator/);
    await expectRefused({ what: 'params', fileName: 'é'.repeat(101) }, /longer than 200 bytes/);
  });

  it('refuses to overwrite an existing file unless asked', async () => {
    const first = await callApi(target, 'runs-export', {
      runId,
      what: 'params',
      fileName: 'q.zip',
    });
    expect(first.status).toBe(200);
    await expectRefused({ what: 'metrics-csv', fileName: 'q.zip' }, /q\.zip already exists/);
    const replaced = await callApi(target, 'runs-export', {
      runId,
      what: 'metrics-csv',
      fileName: 'q.zip',
      overwrite: true,
    });
    expect(replaced.status).toBe(200);
    expect(readFileSync(path.join(target.dataDir, 'exports', 'q.zip'), 'utf8')).toMatch(/^run_id/);
  });

  it('numbers a default name that is taken instead of replacing it', async () => {
    const paths: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${target.server.url}/api/runs-export`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${target.server.token}` },
        body: JSON.stringify({ runId, what: 'metrics-json' }),
      });
      paths.push(...((await response.json()) as { result: { paths: string[] } }).result.paths);
    }
    const exportsDir = path.join(target.dataDir, 'exports');
    expect(paths).toEqual([
      path.join(exportsDir, `run-${runId}-metrics-json.json`),
      path.join(exportsDir, `run-${runId}-metrics-json-2.json`),
    ]);
    expect(readdirSync(exportsDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('checkpoint tasks over the API', () => {
  it('refuse a checkpoint folder or an output folder in the request', async () => {
    const cases = [
      ['runs-evaluate', { checkpoint: '/etc' }, /^checkpoint: only the command line/],
      ['runs-sample', { checkpoint: target.dataDir }, /^checkpoint: only the command line/],
      [
        'runs-sample',
        { runId, folder: '/etc', fileName: 'x.png' },
        /^folder: only the command line/,
      ],
    ] as const;
    const before = hashTree(target.dataDir);
    for (const [name, request, message] of cases) {
      const { status, json } = await callApi(target, name, request);
      expect(status, name).toBe(400);
      expect(json.error?.message, name).toMatch(message);
    }
    expect(hashTree(target.dataDir)).toBe(before);
  });
});

describe('exports to a folder the local user chose (CLI --folder)', () => {
  const local = () => target.service.handlers('http', { localPaths: true });

  it('never writes into the data directory outside exports/, also through a symlink', async () => {
    const before = hashTree(target.dataDir);
    const request = { runId, what: 'metrics-csv', fileName: 'mdm.sqlite' };
    const link = path.join(mkdtempSync(path.join(os.tmpdir(), 'mdm-link-')), 'store');
    symlinkSync(target.dataDir, link);
    for (const folder of [target.dataDir, path.join(target.dataDir, 'runs'), link]) {
      const envelope = await dispatch(local(), 'runs-export', { ...request, folder });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(!envelope.ok && envelope.error.message).toMatch(/is inside the data directory/);
    }
    expect(hashTree(target.dataDir)).toBe(before);
  });

  it('writes into a folder outside the data directory', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'mdm-chosen-'));
    const envelope = await dispatch(local(), 'runs-export', { runId, what: 'metrics-csv', folder });
    expect(envelope).toEqual({
      ok: true,
      result: { paths: [path.join(folder, `run-${runId}-metrics-csv.csv`)] },
    });
  });
});
