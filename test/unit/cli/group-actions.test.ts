import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';

const home = mkdtempSync(path.join(os.tmpdir(), 'mdm-group-actions-'));

async function mdm(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...args, '--data-dir', home], {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
  });
  return { code, out, err };
}

describe('the show, stop and resume actions of mdm runs and mdm sweep', () => {
  it('name their group, their ID and their --json in help', async () => {
    const runs = (await mdm('runs', '--help')).out;
    const sweep = (await mdm('sweep', '--help')).out;
    for (const action of ['show', 'stop', 'resume']) {
      expect(runs).toContain(`Usage: mdm runs ${action} ID [options]`);
      expect(sweep).toContain(`Usage: mdm sweep ${action} ID [options]`);
    }
    expect(runs).toMatch(/--json +print the finished run as JSON/);
    expect(sweep).toMatch(/--json +print the finished sweep as JSON/);
  });

  it('say in their help that the process owning the data directory is asked', async () => {
    for (const group of ['runs', 'sweep'])
      for (const action of ['stop', 'resume'])
        expect((await mdm(group, action, '--help')).out).toContain(
          'the request goes to that process through its control socket',
        );
  });

  it('refuse an ID that names nothing, with the group in the message, and exit 2', async () => {
    for (const [group, noun] of [
      ['runs', 'run'],
      ['sweep', 'sweep'],
    ] as const)
      for (const action of ['show', 'stop']) {
        const { code, err } = await mdm(group, action, '999');
        expect(code).toBe(2);
        expect(err).toContain(`${noun} 999`);
      }
    expect((await mdm('sweep', 'stop', 'x')).err).toContain("expected a sweep id, got 'x'");
    expect((await mdm('runs', 'stop')).err).toContain('the run ID');
  });
});
