import { contract, type HandlerName, type Handlers } from '#shared/api/contract';
import { MdmError, type ErrorPayload } from '#shared/errors';
import type { Remote } from './registry';

/** How long a remote server may take to answer one call. */
const TIMEOUT_MS = 30_000;

/** Calls one handler of a remote `mdm serve` over its HTTP API; an unreachable server is 'unavailable'. */
export async function callRemote(
  remote: Remote,
  name: HandlerName,
  request: unknown,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${remote.url}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${remote.token}` },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const why =
      error instanceof Error
        ? ((error.cause as Error | undefined)?.message ?? error.message)
        : String(error);
    throw new MdmError('unavailable', `server ${remote.name} (${remote.url}) is offline: ${why}`);
  }
  let envelope: { ok: true; result: unknown } | { ok: false; error: ErrorPayload };
  try {
    envelope = (await response.json()) as typeof envelope;
  } catch {
    throw new MdmError(
      'unavailable',
      `server ${remote.name} answered ${response.status} without JSON`,
    );
  }
  if (envelope.ok) return envelope.result;
  throw new MdmError(envelope.error.code, `server ${remote.name}: ${envelope.error.message}`);
}

/** The contract's handlers, each a call to the remote server (what `mdm runs … --remote NAME` uses). */
export function remoteHandlers(remote: Remote): Handlers {
  return Object.fromEntries(
    Object.keys(contract).map((name) => [
      name,
      (request: unknown) => callRemote(remote, name as HandlerName, request),
    ]),
  ) as Handlers;
}
