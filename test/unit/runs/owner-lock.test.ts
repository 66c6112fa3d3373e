import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireOwnerLock, liveOwner } from '../../../src-main/backend/runs/owner-lock';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'mdm-lock-'));

describe('acquireOwnerLock', () => {
  it('takes a free data directory and releases it', () => {
    const dir = tempDir();
    const lock = acquireOwnerLock(dir);
    expect(lock.owned).toBe(true);
    const record = JSON.parse(readFileSync(path.join(dir, 'runs.lock'), 'utf8')) as { pid: number };
    expect(record.pid).toBe(process.pid);
    expect(liveOwner(dir)).toEqual({
      pid: process.pid,
      control: path.join(dir, 'control.sock'),
    });
    if (lock.owned) lock.release();
    expect(liveOwner(dir)).toBeNull();
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

  it('takes over a stale lock whose pid now belongs to another process (pid 1)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'runs.lock');
    // Written by a process that started at another time and has since died; pid 1 reuses its number.
    writeFileSync(
      file,
      JSON.stringify({ pid: 1, startTicks: 123456789, bootId: null, owner: 'x' }),
    );
    expect(liveOwner(dir)).toBeNull();
    expect(acquireOwnerLock(dir).owned).toBe(true);
  });

  it('takes over a bare-pid lock of a live pid once its heartbeat is stale', () => {
    const dir = tempDir();
    const file = path.join(dir, 'runs.lock');
    writeFileSync(file, '1');
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(file, old, old);
    expect(liveOwner(dir)).toBeNull();
    expect(acquireOwnerLock(dir).owned).toBe(true);
  });
});
