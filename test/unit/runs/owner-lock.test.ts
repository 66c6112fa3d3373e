import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireOwnerLock } from '../../../src-main/backend/runs/owner-lock';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'mdm-lock-'));

describe('acquireOwnerLock', () => {
  it('takes a free data directory and releases it', () => {
    const dir = tempDir();
    const lock = acquireOwnerLock(dir);
    expect(lock.owned).toBe(true);
    expect(readFileSync(path.join(dir, 'runs.lock'), 'utf8')).toBe(String(process.pid));
    if (lock.owned) lock.release();
    expect(acquireOwnerLock(dir).owned).toBe(true);
  });

  it('refuses while another live process holds it, naming that process', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'runs.lock'), String(process.ppid));
    const lock = acquireOwnerLock(dir);
    expect(lock).toEqual({
      owned: false,
      reason: `runs in ${dir} are trained by another MDM Studio process (pid ${process.ppid}); use that one`,
    });
  });

  it('takes over the lock of a process that died', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'runs.lock'), '999999999');
    expect(acquireOwnerLock(dir).owned).toBe(true);
  });
});
