import { isHandlerName, parseRequest, type Handlers } from '../../src-shared/api/contract';
import { ApiError, type ApiErrorCode, type Envelope } from '../../src-shared/api/errors';
import { DiffusionChoiceError } from '../../src-shared/config/diffusion-choice';
import { StoreError, type StoreErrorCode } from './store/index';
import { SchemaError } from '../../src-shared/api/schema';

/** Maps anything a handler throws onto the contract's error codes. */
function toEnvelopeError(error: unknown): Envelope<never> {
  if (error instanceof ApiError)
    return { ok: false, error: { code: error.code, message: error.message } };
  if (error instanceof SchemaError)
    return { ok: false, error: { code: 'invalid', message: error.message } };
  console.error(error);
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message } };
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
