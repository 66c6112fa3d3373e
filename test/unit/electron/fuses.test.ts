import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** The `electronFuses:` block of electron-builder.yml as name → value (flat `key: true|false` lines). */
function fusesOf(yaml: string): Record<string, boolean> {
  const lines = yaml.split('\n');
  const start = lines.indexOf('electronFuses:');
  expect(start, 'electron-builder.yml has no electronFuses block').toBeGreaterThanOrEqual(0);
  const fuses: Record<string, boolean> = {};
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}(\w+): (true|false)$/.exec(line);
    if (!match) break;
    fuses[match[1]!] = match[2] === 'true';
  }
  return fuses;
}

// Attack 5 of issue 13: no Electron fuses were set at packaging.
describe('the packaged Electron fuses', () => {
  it('turn off Node.js entry points and keep the app in its asar', () => {
    const fuses = fusesOf(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8'));
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
