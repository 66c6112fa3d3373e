import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRemotes, remotesFile, saveRemote } from '../../../src-main/backend/remotes/registry';
import { safeStorageSealer, type SafeStorageLike } from '../../../src-main/backend/remotes/sealer';

/** AES-256-GCM with a key held in memory: what safeStorage does with the OS keychain's key. */
function keychainCipher(available = true): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString();
    },
  };
}

const home = () => mkdtempSync(path.join(os.tmpdir(), 'mdm-tokens-'));
const gpu = { name: 'gpu', url: 'http://127.0.0.1:8765', token: 'secret-token-123' };

describe('remote tokens at rest', () => {
  it('serve and the CLI keep them in a file only its owner can read (0600)', () => {
    const dir = home();
    saveRemote(dir, gpu);
    expect(statSync(remotesFile(dir)).mode & 0o777).toBe(0o600);
    expect(readRemotes(dir)).toEqual([gpu]);
  });

  it('the app seals them with safeStorage: the file never holds the token, the app reads it back, the CLI is told why it cannot', () => {
    const dir = home();
    const sealer = safeStorageSealer(keychainCipher())!;
    saveRemote(dir, gpu, sealer);
    const text = readFileSync(remotesFile(dir), 'utf8');
    expect(text).not.toContain(gpu.token);
    expect(text).toContain('"sealedToken"');
    expect(statSync(remotesFile(dir)).mode & 0o777).toBe(0o600);
    expect(readRemotes(dir, sealer)).toEqual([gpu]);
    expect(() => readRemotes(dir)).toThrow(
      /remote gpu: its token is encrypted by the app's keychain/,
    );
  });

  it('without an OS keychain there is no sealer and the 0600 file holds', () => {
    expect(safeStorageSealer(keychainCipher(false))).toBeUndefined();
  });
});
