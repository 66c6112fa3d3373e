import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenFromFile } from '../../../src-main/backend/http/token-file';

const fileIn = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'mdm-token-file-')), 'token');

describe('mdm serve --token-file', () => {
  it('makes a token (0600) when the file is missing and keeps it across restarts', () => {
    const file = fileIn();
    const token = tokenFromFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`${token}\n`);
    expect(tokenFromFile(file)).toBe(token);
  });

  it('refuses a file others can read, and one that holds no usable token', () => {
    const file = fileIn();
    writeFileSync(file, 'a-token-of-enough-length\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => tokenFromFile(file)).toThrow(/others can read it \(mode 644\): chmod 600 it/);
    chmodSync(file, 0o600);
    expect(tokenFromFile(file)).toBe('a-token-of-enough-length');
    writeFileSync(file, 'short');
    expect(() => tokenFromFile(file)).toThrow(/expected 16 to 200 letters, digits, - or _/);
  });
});
