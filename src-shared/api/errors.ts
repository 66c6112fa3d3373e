/** Errors that cross the contract keep a code so both transports map them the same way. */
export type ApiErrorCode =
  'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'internal' | 'unavailable';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** HTTP status for each error code (the IPC transport carries the code itself). */
export const httpStatusOf: Record<ApiErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  internal: 500,
  unavailable: 503,
};

/** What one call returns over either transport. */
export type Envelope<T> =
  { ok: true; result: T } | { ok: false; error: { code: ApiErrorCode; message: string } };
