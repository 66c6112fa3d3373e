import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Who trains the runs of a data directory: exactly one live process (the app, `mdm serve` or `mdm train`). */
export type OwnerLock = { owned: true; release(): void } | { owned: false; reason: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<dataDir>/runs.lock` unless a live process holds it; a dead holder's lock is taken over. */
export function acquireOwnerLock(dataDir: string): OwnerLock {
  const file = path.join(dataDir, 'runs.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { owned: true, release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        return {
          owned: false,
          reason: `runs in ${dataDir} are trained by another MDM Studio process (pid ${holder}); use that one`,
        };
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot take ${file}: another process keeps recreating it`);
}
