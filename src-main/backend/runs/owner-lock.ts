import { randomUUID } from 'node:crypto';
import {
  closeSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { MdmError } from '#shared/errors';
import { controlEndpoint } from './control-endpoint';

/** Who trains the runs of a data directory: exactly one live process (the app, `mdm serve` or `mdm train`). */
export type OwnerLock =
  { owned: true; control: string; release(): void } | { owned: false; reason: string };

/** What `runs.lock` holds: enough to tell the owner from a later process that got its pid. */
interface LockRecord {
  pid: number;
  /** The process's start time in clock ticks since boot (/proc/PID/stat field 22), Linux only. */
  startTicks: number | null;
  /** The kernel's boot id: a lock from before a reboot is never live. */
  bootId: string | null;
  owner: string;
  /** Where the owner takes stop and resume requests from other processes (control-server.ts); absent in older versions. */
  control?: string;
}

/** How often the owner touches the lock; a lock untouched for `staleMs` has no live owner where start times are unknown. */
const heartbeatMs = 5_000;
const staleMs = 60_000;

function readOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** A process's start time from /proc (null where there is no /proc, e.g. macOS and Windows). */
function startTicksOf(pid: number): number | null {
  return readOr(() => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  }, null);
}

const bootId = (): string | null =>
  readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), null);

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's record; a bare pid (older versions) has no start time. Null when there is no readable lock. */
function readLock(file: string): (LockRecord & { touchedAt: number }) | null {
  const text = readOr(() => readFileSync(file, 'utf8'), null);
  if (text === null) return null;
  const touchedAt = readOr(() => statSync(file).mtimeMs, 0);
  const parsed = readOr(() => JSON.parse(text) as unknown, null);
  if (typeof parsed === 'number')
    return { pid: parsed, startTicks: null, bootId: null, owner: '', touchedAt };
  if (typeof parsed !== 'object' || parsed === null) return null;
  return { ...(parsed as LockRecord), touchedAt };
}

/** Whether the process that wrote the lock still runs: same pid, same start time and boot, or (without /proc) a fresh heartbeat. */
function holderAlive(record: LockRecord & { touchedAt: number }): boolean {
  if (!Number.isInteger(record.pid) || record.pid <= 0 || !pidAlive(record.pid)) return false;
  const boot = bootId();
  if (record.bootId && boot && record.bootId !== boot) return false;
  const ticks = startTicksOf(record.pid);
  if (record.startTicks !== null && ticks !== null) return record.startTicks === ticks;
  return Date.now() - record.touchedAt < staleMs;
}

/** A live owner: its pid, and its control endpoint (null for an older version that has none). */
export interface LiveOwner {
  pid: number;
  control: string | null;
}

/** The live owner of a data directory's runs, or null: readers use it to tell running runs from interrupted ones. */
export function liveOwner(dataDir: string): LiveOwner | null {
  const record = readLock(path.join(dataDir, 'runs.lock'));
  if (!record || !holderAlive(record)) return null;
  return { pid: record.pid, control: typeof record.control === 'string' ? record.control : null };
}

/** Takes `<dataDir>/runs.lock` unless a live process holds it; a dead holder's (or a reused pid's) lock is taken over. */
export function acquireOwnerLock(dataDir: string): OwnerLock {
  const file = path.join(dataDir, 'runs.lock');
  const control = controlEndpoint(dataDir);
  const record: LockRecord = {
    pid: process.pid,
    startTicks: startTicksOf(process.pid),
    bootId: bootId(),
    owner: randomUUID(),
    control,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(record));
      closeSync(fd);
      const heartbeat = setInterval(() => {
        const now = new Date();
        readOr(() => utimesSync(file, now, now), undefined);
      }, heartbeatMs).unref();
      return {
        owned: true,
        control,
        release: () => {
          clearInterval(heartbeat);
          // Only our own lock: never remove one a later owner took over.
          if (readLock(file)?.owner === record.owner) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && holderAlive(holder)) {
        return {
          owned: false,
          reason: `runs in ${dataDir} are trained by another MDM Studio process (pid ${holder.pid}); use that one`,
        };
      }
      rmSync(file, { force: true });
    }
  }
  throw new MdmError('conflict', `cannot take ${file}: another process keeps recreating it`);
}
