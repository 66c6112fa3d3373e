/** Every code an error of ours can carry; transports, the CLI and the renderer branch on it (docs/contract.md §3). */
export const ERROR_CODES = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'cancelled',
  'internal',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as plain data: what envelopes and worker messages carry (structured clone drops class identity). */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** The one error type raised on purpose anywhere in the app: a code, a one-line message, optional details. */
export class MdmError extends Error {
  override name = 'MdmError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** Rebuilds an MdmError from its plain-data form (an envelope, a worker message). */
  static from(payload: ErrorPayload): MdmError {
    return new MdmError(payload.code, payload.message, payload.details);
  }
}

/** Whether a value is an MdmError (also across module copies, e.g. a worker's bundle). */
export function isMdmError(value: unknown): value is MdmError {
  return value instanceof Error && value.name === 'MdmError' && 'code' in value;
}

/** Any thrown value as plain data: an MdmError keeps its code and details, anything else is 'internal'. */
export function errorPayload(error: unknown): ErrorPayload {
  if (isMdmError(error)) {
    const { code, message, details } = error;
    return details === undefined ? { code, message } : { code, message, details };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
