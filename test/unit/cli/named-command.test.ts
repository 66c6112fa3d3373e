import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';

const home = mkdtempSync(path.join(os.tmpdir(), 'mdm-named-command-'));

describe('commands on one named thing', () => {
  it.each([
    [['cluster', 'profile', 'show'], 'expected a profile name'],
    [['cluster', 'profile', 'set'], 'expected a profile name'],
    [['cluster', 'profile', 'delete'], 'expected a profile name'],
    [['remote', 'remove'], 'expected a remote server name'],
    [['diffusion', 'designs', 'delete'], 'expected a design name'],
  ])('`mdm %j` without NAME says which name is missing and exits 2', async (args, message) => {
    let err = '';
    const code = await main([...args, '--data-dir', home], {
      out: () => {},
      err: (t) => (err += t),
    });
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('still refuse a second positional', async () => {
    let err = '';
    const code = await main(['remote', 'remove', 'a', 'b', '--data-dir', home], {
      out: () => {},
      err: (t) => (err += t),
    });
    expect(code).toBe(2);
    expect(err).toContain("unexpected argument 'b'");
  });
});
