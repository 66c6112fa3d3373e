import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiffusionChoice } from '#shared/config/run-config';
import { inProcessService, type InProcess } from './in-process';
import { useMdmHome } from './support';

/** A CLD-like design typed by hand: noise enters through the second variable only. */
const design: DiffusionChoice = {
  preset: 'custom',
  q: [
    [0, 1],
    [-1, 0],
  ],
  d: [
    [0, 0],
    [0, 1],
  ],
};

describe('designs-save, designs-list, designs-delete on a real store', () => {
  let app: InProcess;
  beforeAll(() => {
    app = inProcessService('designs', 1);
  });
  afterAll(async () => app?.close());

  it('saves designs under unique names, lists them by name and deletes them', async () => {
    const saved = await app.call('designs-save', { name: 'rotor', choice: design });
    expect(saved).toMatchObject({ name: 'rotor', choice: design });
    await app.call('designs-save', { name: 'cld by hand', choice: { ...design, beta1: 10 } });
    expect((await app.call('designs-list', {})).map((d) => d.name)).toEqual([
      'cld by hand',
      'rotor',
    ]);

    const twice = await app.envelope('designs-save', { name: 'rotor', choice: design });
    expect(twice).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: "a design named 'rotor' already exists" },
    });

    expect(await app.call('designs-delete', { name: 'rotor' })).toEqual({ deleted: true });
    expect(await app.call('designs-delete', { name: 'rotor' })).toEqual({ deleted: false });
    expect((await app.call('designs-list', {})).map((d) => d.name)).toEqual(['cld by hand']);
  });

  it('refuses an invalid matrix, naming it, and keeps nothing', async () => {
    const notPsd = {
      ...design,
      d: [
        [0, 0],
        [0, -1],
      ],
    };
    const refused = await app.envelope('designs-save', { name: 'broken', choice: notPsd });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(!refused.ok && refused.error.message).toMatch(
      /^design 'broken': diffusion: D is not positive semi-definite: D\[1\]\[1\] = -1 < 0/,
    );
    const notSkew = {
      ...design,
      q: [
        [0, 1],
        [1, 0],
      ],
    };
    const skew = await app.envelope('designs-save', { name: 'broken', choice: notSkew });
    expect(!skew.ok && skew.error.message).toContain('Q is not skew-symmetric');
    // The name rules: 1–100 characters, not a preset's name (a sweep row would read as the preset).
    for (const name of ['', 'x'.repeat(101), 'vpsde', 'learned-3', 'a,b'])
      expect(await app.envelope('designs-save', { name, choice: design })).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
    expect((await app.call('designs-list', {})).map((d) => d.name)).not.toContain('broken');
  });
});

describe('mdm sweep create with a saved design', { timeout: 600_000 }, () => {
  const { run: mdm } = useMdmHome('design-sweep');

  it('resolves design:NAME from the store and its table row carries the name', async () => {
    const save = await mdm([
      ...['diffusion', 'designs', 'save', 'rotor'],
      ...['--q', JSON.stringify(design.q), '--d', JSON.stringify(design.d)],
    ]);
    expect(save.code, save.err).toBe(0);
    expect((await mdm(['diffusion', 'designs', 'list'])).out).toMatch(/^rotor +custom +K = 2$/m);
    const gone = await mdm(['diffusion', 'designs', 'delete', 'nope']);
    expect(gone.code).not.toBe(0);
    expect(gone.err).toContain("no saved design is named 'nope'");

    const sweepArgs = (diffusions: string) => [
      ...['sweep', 'create', '--dataset', 'swiss-roll', '--model', 'mlp', '--protocol', 'budget'],
      ...['--diffusions', diffusions, '--seeds', '1', '--steps', '30', '--eval-images', '256'],
    ];
    const unknown = await mdm(sweepArgs('vpsde,design:nope'));
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain("diffusions: no saved design is named 'nope' (saved: rotor)");

    const create = await mdm(sweepArgs('vpsde,design:rotor'));
    expect(create.code, create.err).toBe(0);
    const show = await mdm(['sweep', 'show', '1']);
    expect(show.out).toMatch(/^rotor +\d+\.\d{4} ± \d+\.\d{4} +1\/1 +—$/m);
    expect(show.out).toMatch(/^vpsde +\d+\.\d{4} ± \d+\.\d{4} +1\/1 +—$/m);
    const json = JSON.parse((await mdm(['sweep', 'show', '1', '--json'])).out) as {
      sweep: { spec: { diffusions: { label: string; choice: DiffusionChoice }[] } };
    };
    expect(json.sweep.spec.diffusions[1]).toMatchObject({ label: 'rotor', choice: design });
  });
});
