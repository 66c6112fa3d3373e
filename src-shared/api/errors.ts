import type { ErrorCode } from '../errors';

export { MdmError as ApiError, type ErrorCode as ApiErrorCode } from '../errors';

/** HTTP status for each error code (the IPC transport carries the code itself). */
export const httpStatusOf: Record<ErrorCode, number> = {
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
  | { ok: true; result: T }
  | { ok: false; error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };
