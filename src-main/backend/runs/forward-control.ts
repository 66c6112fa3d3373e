import type { Handlers } from '#shared/api/contract';
import { askOwner } from './control-client';
import { CONTROL_CALLS, type ControlCall } from './control-protocol';
import { liveOwner } from './owner-lock';

type ControlHandlers = Pick<Handlers, ControlCall>;

/**
 * The run-changing handlers (CONTROL_CALLS) of a process that does not own `dataDir`: each call goes to the
 * live owner of that moment (askOwner), its answer marked with the owner's pid (`askedPid`); with
 * no live owner, `local` answers (it refuses, naming why).
 */
export function forwardControl(dataDir: string, local: ControlHandlers): ControlHandlers {
  const forward = (call: ControlCall) => async (request: unknown) => {
    const owner = liveOwner(dataDir);
    if (!owner) return (local[call] as (request: unknown) => Promise<unknown>)(request);
    const result = (await askOwner(dataDir, owner, call, request)) as object;
    return { ...result, askedPid: owner.pid };
  };
  return Object.fromEntries(CONTROL_CALLS.map((call) => [call, forward(call)])) as ControlHandlers;
}
