/** A problem with a dataset file the user supplied: the message names the file and the reason, on one line. */
export class DatasetError extends Error {
  override name = 'DatasetError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** The user cancelled an import through its AbortSignal. */
export class ImportCancelledError extends Error {
  override name = 'ImportCancelledError';
  constructor() {
    super('import cancelled');
  }
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

/** Turns a Node fs error into a DatasetError naming `file`; other errors pass through unchanged. */
export function fsError(file: string, error: unknown, doing?: string): unknown {
  if (error instanceof DatasetError || error instanceof ImportCancelledError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (!code) return error;
  const reason = FS_REASONS[code] ?? `${code} ${(error as Error).message}`;
  return new DatasetError(file, doing ? `${reason} while ${doing}` : reason);
}

/** Throws ImportCancelledError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelledError();
}
