import { isHandlerName, parseRequest, type Handlers } from '#shared/api/contract';
import { ApiError, type ApiErrorCode, type Envelope } from '#shared/api/errors';
import { DiffusionChoiceError } from '#shared/config/diffusion-choice';
import { StoreError, type StoreErrorCode } from './store/index';
import { SchemaError } from '#shared/api/schema';

const storeCodes: Record<StoreErrorCode, ApiErrorCode> = {
  not_found: 'not_found',
  conflict: 'conflict',
  invalid: 'invalid',
  incompatible: 'conflict',
};

function failure(code: ApiErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/** Maps anything a handler throws onto the contract's error codes; only unexpected errors are logged. */
function toEnvelopeError(error: unknown): Envelope<never> {
  if (error instanceof ApiError) return failure(error.code, error.message);
  if (error instanceof SchemaError || error instanceof DiffusionChoiceError) {
    return failure('invalid', error.message);
  }
  if (error instanceof StoreError) return failure(storeCodes[error.code], error.message);
  console.error(error);
  return failure('internal', error instanceof Error ? error.message : String(error));
}

/** One contract call from an untrusted transport: name check, payload validation, handler, error mapping. */
export async function dispatch(
  handlers: Handlers,
  name: string,
  payload: unknown,
): Promise<Envelope<unknown>> {
  try {
    if (!isHandlerName(name)) throw new ApiError('not_found', `unknown handler '${name}'`);
    const request = parseRequest(name, payload);
    const call = handlers[name] as (request: unknown) => Promise<unknown>;
    return { ok: true, result: await call(request) };
  } catch (error) {
    return toEnvelopeError(error);
  }
}
