import type { HandlerName, Handlers, RequestOf, ResponseOf } from '#shared/api/contract';
import { MdmError } from '#shared/errors';
import { dispatch } from '../../backend/dispatch';

/** Calls a handler the way the transports do; a refusal comes back as the MdmError it was sent as. */
export async function call<N extends HandlerName>(
  handlers: Handlers,
  name: N,
  request: RequestOf<N>,
): Promise<ResponseOf<N>> {
  const envelope = await dispatch(handlers, name, request);
  if (envelope.ok) return envelope.result as ResponseOf<N>;
  throw MdmError.from(envelope.error);
}
