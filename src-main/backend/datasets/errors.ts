import { isMdmError, MdmError, type ErrorCode } from '#shared/errors';

/** A problem with a dataset file the user supplied: the message names the file and the reason, on one line. */
export function datasetError(file: string, problem: string, code: ErrorCode = 'invalid'): MdmError {
  return new MdmError(code, `${file}: ${problem}`, { file });
}

/** The user cancelled an import through its AbortSignal. */
export function importCancelled(): MdmError {
  return new MdmError('cancelled', 'import cancelled: nothing was registered');
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'disk full (no space left on device)',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'not a directory',
  EMFILE: 'too many open files',
};

/** Turns a Node fs error into a dataset error naming `file`; other errors pass through unchanged. */
export function fsError(file: string, error: unknown, doing?: string): unknown {
  if (isMdmError(error)) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (!code) return error;
  const reason = FS_REASONS[code] ?? `${code} ${(error as Error).message}`;
  return datasetError(file, doing ? `${reason} while ${doing}` : reason);
}

/** Throws a 'cancelled' MdmError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw importCancelled();
}
