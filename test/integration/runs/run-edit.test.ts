import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '#shared/config/run-config';
import { newRunOf } from '../../../src-main/backend/runs/manager';
import { createRun } from '../../../src-main/backend/store/index';
import { runMdm } from '../../unit/cli/diffusion-io';
import { inProcessService, type InProcess } from './in-process';
import { toyConfig } from './support';

let app: InProcess;
let runId: number;
let otherId: number;
beforeAll(() => {
  app = inProcessService('run-edit', 1);
  const seed = (name: string) =>
    createRun(app.db, newRunOf(parseRunConfig(toyConfig({ name })))).id;
  runId = seed('first-try');
  otherId = seed('baseline');
});
afterAll(async () => app?.close());

const names = async (filter: { tag?: string; text?: string }) =>
  (await app.call('runs-list', { filter })).runs.map((r) => r.name).sort();

describe('runs-update: rename, notes and tags (issue 12 §10)', () => {
  it('renames a run and replaces its notes and tags; the list filters by tag and by note text', async () => {
    const run = await app.call('runs-update', {
      runId,
      name: 'moons, lr 3e-3',
      notes: '## Why\nThe **higher lr** diverged at step 900.',
      tags: ['lr-sweep', 'diverged'],
    });
    expect(run).toMatchObject({
      id: runId,
      name: 'moons, lr 3e-3',
      notes: '## Why\nThe **higher lr** diverged at step 900.',
      tags: ['lr-sweep', 'diverged'],
    });
    // The stored config follows, so the config table and Duplicate show the new name.
    expect(run.config).toMatchObject({ name: run.name, notes: run.notes, tags: run.tags });
    expect(app.events.filter((e) => e.name === 'run-updated').map((e) => e.payload)).toEqual([
      { runId },
    ]);
    // Fields left out keep their value; a tag removed is gone.
    const untagged = await app.call('runs-update', { runId, tags: ['lr-sweep'] });
    expect(untagged).toMatchObject({ name: 'moons, lr 3e-3', tags: ['lr-sweep'] });
    expect(untagged.notes).toContain('higher lr');
    expect(untagged.config).toMatchObject({ name: 'moons, lr 3e-3', tags: ['lr-sweep'] });

    expect(await names({ tag: 'lr-sweep' })).toEqual(['moons, lr 3e-3']);
    expect(await names({ text: 'HIGHER LR' })).toEqual(['moons, lr 3e-3']);
    expect(await names({ text: 'lr-sw' })).toEqual(['moons, lr 3e-3']);
    expect(await names({ text: 'diverged' })).toEqual(['moons, lr 3e-3']);
    expect(await names({ tag: 'diverged' })).toEqual([]);
    // Text matches the tags themselves, not the JSON they are stored as.
    expect(await names({ text: '["' })).toEqual([]);
    expect(await names({})).toEqual(['baseline', 'moons, lr 3e-3']);
  });

  it.each([
    [{ runId: 1, name: '' }, 'name: must be at least 1 characters'],
    [{ runId: 1, name: '   ' }, 'name: expected a non-blank string, got string "   "'],
    [{ runId: 1, notes: 'x'.repeat(10_001) }, 'notes: must be at most 10000 characters'],
    [
      { runId: 1, tags: ['ok', ' padded'] },
      'tags[1]: expected a tag of 1 to 50 characters without spaces at either end, got string " padded"',
    ],
    [{ runId: 1, tags: Array(33).fill('t') }, 'tags: must have at most 32 items'],
    [{ runId: 1, status: 'completed' }, 'status: is not a known field'],
    [{ runId: 999, name: 'x' }, 'run 999 does not exist'],
  ])('refuses %j with a message naming the field', async (request, message) => {
    const before = (await app.call('runs-get', { runId: 1 })).run;
    const envelope = await app.envelope('runs-update', request);
    expect(envelope.ok).toBe(false);
    expect(!envelope.ok && envelope.error.message).toBe(message);
    const after = (await app.call('runs-get', { runId: 1 })).run;
    expect({ ...after, metrics: {} }).toEqual({ ...before, metrics: {} });
  });

  it('`mdm runs edit` renames and retags through the same handler', async () => {
    const edit = await runMdm(
      ...['runs', 'edit', String(otherId), '--data-dir', app.home],
      ...['--name', 'baseline v2', '--tags', ' paper, baseline ,,', '--notes', 'Seed 0.'],
    );
    expect(edit.err).toBe('');
    expect(edit.code).toBe(0);
    expect(edit.out).toBe(`run ${otherId}: baseline v2 [paper, baseline]`);
    const run = (await app.call('runs-get', { runId: otherId })).run;
    expect(run).toMatchObject({
      name: 'baseline v2',
      notes: 'Seed 0.',
      tags: ['paper', 'baseline'],
    });

    const shown = await runMdm('runs', 'show', String(otherId), '--data-dir', app.home);
    expect(shown.out).toMatch(/\n {2}tags: paper, baseline\n {2}notes:\n {4}Seed 0\.$/);

    const nothing = await runMdm('runs', 'edit', String(otherId), '--data-dir', app.home);
    expect(nothing.code).not.toBe(0);
    expect(nothing.err).toContain('give --name, --notes or --tags');
  });
});
