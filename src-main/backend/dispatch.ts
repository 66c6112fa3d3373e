import { isHandlerName, parseRequest, type Handlers } from '#shared/api/contract';
import type { Envelope } from '#shared/api/errors';
import { errorPayload, isMdmError, MdmError } from '#shared/errors';

/** One contract call from an untrusted transport: name check, payload validation, handler; any error becomes its code, message and details (docs/contract.md §3). */
export async function dispatch(
  handlers: Handlers,
  name: string,
  payload: unknown,
): Promise<Envelope<unknown>> {
  try {
    if (!isHandlerName(name)) throw new MdmError('not_found', `unknown handler '${name}'`);
    const request = parseRequest(name, payload);
    const call = handlers[name] as (request: unknown) => Promise<unknown>;
    return { ok: true, result: await call(request) };
  } catch (error) {
    // Only errors nobody meant to raise are logged: they are bugs.
    if (!isMdmError(error)) console.error(error);
    return { ok: false, error: errorPayload(error) };
  }
}
