import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  linkSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { MdmError } from '#shared/errors';
import { isInside } from '../confine';

/** Longest export file name in UTF-8 bytes (file systems allow 255; the temporary name adds a suffix). */
export const MAX_EXPORT_NAME_BYTES = 200;

/** Refuses export file names that are not one plain name: empty, NUL, separators, `.`/`..`, too long. */
export function checkExportFileName(name: string): string {
  const refuse = (reason: string) =>
    new MdmError('invalid', `export file name '${name.replace(/\0/g, '\\0')}' ${reason}`);
  if (name.includes('\0')) throw refuse('contains a NUL byte');
  if (/[/\\]/.test(name)) throw refuse('contains a path separator: give a name, not a path');
  if (name.trim() === '' || name === '.' || name === '..') throw refuse('is not a file name');
  if ([...name].some((c) => c < ' ' || c === '\x7f')) throw refuse('contains a control character');
  if (Buffer.byteLength(name) > MAX_EXPORT_NAME_BYTES) {
    throw refuse(`is longer than ${MAX_EXPORT_NAME_BYTES} bytes`);
  }
  return name;
}

/**
 * The folder an export goes to: `<data dir>/exports`, or a folder the local user chose (CLI `--folder`,
 * never the HTTP API). Nothing else inside the data directory: the store's files are never a target.
 */
export function exportFolder(dataDir: string, chosen?: string): string {
  const exportsDir = path.resolve(dataDir, 'exports');
  const folder = path.resolve(chosen ?? exportsDir);
  const allowed = (dir: string, data: string) =>
    !isInside(dir, data) || isInside(dir, path.join(data, 'exports'));
  const refuse = () =>
    new MdmError(
      'invalid',
      `export folder ${folder} is inside the data directory: use ${exportsDir} or a folder outside ${dataDir}`,
    );
  if (!allowed(folder, path.resolve(dataDir))) throw refuse();
  mkdirSync(folder, { recursive: true });
  // Again on real paths: a symlink must not lead an export into the store's folder.
  const real = realpathSync(folder);
  if (!allowed(real, realpathSync(dataDir))) throw refuse();
  return real;
}

/** `name` with `-n` before its extension (no spaces, for shells): the n-th candidate for a default export name. */
function numbered(name: string, n: number): string {
  if (n === 1) return name;
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
}

/** Publishes a finished temporary file under `target` without replacing anything already there. */
function linkNew(tmp: string, target: string): void {
  try {
    linkSync(tmp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // File systems without hard links (FAT, some network shares): an exclusive copy instead.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') {
      copyFileSync(tmp, target, constants.COPYFILE_EXCL);
    } else throw error;
  }
}

/**
 * Writes `chunks` into `folder/name` through a temporary file, so a failure leaves nothing half-written.
 * An existing file is replaced only with `overwrite`; otherwise a default name (`pickFree`) moves on to
 * `name-2`, `name-3`… and a name the caller gave is refused.
 */
export function writeExportFile(
  folder: string,
  name: string,
  chunks: Iterable<string | Uint8Array>,
  options: { overwrite: boolean; pickFree: boolean },
): string {
  const tmp = path.join(folder, `.${randomBytes(8).toString('hex')}.partial`);
  try {
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    try {
      for (const chunk of chunks) writeFileSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    if (options.overwrite) {
      const target = path.join(folder, name);
      renameSync(tmp, target);
      return target;
    }
    for (let n = 1; ; n++) {
      const target = path.join(folder, numbered(name, n));
      try {
        linkNew(tmp, target);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (!options.pickFree || n >= 1000) {
          throw new MdmError(
            'invalid',
            `${target} already exists: choose another file name or ask to overwrite it`,
          );
        }
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}
