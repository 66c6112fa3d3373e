import type { HandlerName, Handlers, RequestOf, ResponseOf } from '#shared/api/contract';
import { dispatch } from '../../backend/dispatch';
import { UsageError } from '../command';

/** Calls a handler the way the transports do; bad requests become one-line usage errors (exit 2). */
export async function call<N extends HandlerName>(
  handlers: Handlers,
  name: N,
  request: RequestOf<N>,
): Promise<ResponseOf<N>> {
  const envelope = await dispatch(handlers, name, request);
  if (envelope.ok) return envelope.result as ResponseOf<N>;
  if (envelope.error.code === 'internal') throw new Error(envelope.error.message);
  throw new UsageError(envelope.error.message);
}
