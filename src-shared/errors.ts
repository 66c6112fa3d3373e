/** Every code an error of ours can carry; transports, the CLI and the renderer branch on it. */
export const ERROR_CODES = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'internal',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

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
}

/** Whether a value is an MdmError (also across module copies, e.g. a worker's bundle). */
export function isMdmError(value: unknown): value is MdmError {
  return value instanceof Error && value.name === 'MdmError' && 'code' in value;
}
