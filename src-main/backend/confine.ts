import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { MdmError } from '#shared/errors';

/** Whether `child` is `parent` itself or lies below it (both absolute, already resolved). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/**
 * `relative` (a name read from a file we did not necessarily write: a checkpoint, a dataset manifest)
 * resolved strictly inside `root`; absolute names, NUL bytes, `..` escapes and symlinks pointing out
 * are MdmError('invalid') naming `what`.
 */
export function resolveInside(root: string, relative: unknown, what: string): string {
  const refuse = (reason: string) =>
    new MdmError(
      'invalid',
      `${what} '${String(relative)}' ${reason}: it must name a file inside ${root}`,
    );
  if (typeof relative !== 'string' || relative === '') throw refuse('is not a file name');
  if (relative.includes('\0')) throw refuse('contains a NUL byte');
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) throw refuse('is absolute');
  const base = path.resolve(root);
  const resolved = path.resolve(base, relative);
  if (resolved === base || !isInside(resolved, base)) throw refuse('points outside its folder');
  if (existsSync(resolved) && !isInside(realpathSync(resolved), realpathSync(base))) {
    throw refuse('is a link out of its folder');
  }
  return resolved;
}

/** Whether requests may name local folders and files: only the local user's own process (the CLI). */
export interface PathPolicy {
  localPaths: boolean;
}

/** Refuses a request field that names a local path when it comes over IPC or HTTP. */
export function refuseRemotePath(policy: PathPolicy, field: string, value: unknown): void {
  if (value !== undefined && !policy.localPaths) {
    throw new MdmError(
      'invalid',
      `${field}: only the command line may name a local path; over the API files go to <data dir>/exports`,
    );
  }
}
