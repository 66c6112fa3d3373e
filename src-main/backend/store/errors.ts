/** Why a store request was refused; handlers map these to HTTP statuses and CLI exit codes. */
export type StoreErrorCode = 'not_found' | 'conflict' | 'invalid' | 'incompatible';

/** A refused store request; the store guarantees nothing was changed when one is thrown. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The error for a run id that does not exist. */
export function runNotFound(runId: number): StoreError {
  return new StoreError('not_found', `Run ${runId} does not exist.`);
}

/** The error for a request that breaks a rule about its input. */
export function invalid(message: string): StoreError {
  return new StoreError('invalid', message);
}
