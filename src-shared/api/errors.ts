import type { ErrorCode, ErrorPayload } from '../errors';

/** HTTP status for each error code (docs/contract.md §4; the IPC transport carries the code itself). */
export const httpStatusOf: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  cancelled: 409,
  internal: 500,
  unavailable: 503,
};

/** What one call returns over either transport (docs/contract.md §1). */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };
