import * as s from '#shared/api/schema';

/** The calls another local process may make of a data directory's owner; every other change it makes itself or is refused. */
export const CONTROL_CALLS = ['runs-stop', 'runs-resume', 'sweeps-stop', 'sweeps-resume'] as const;
export type ControlCall = (typeof CONTROL_CALLS)[number];

/** One request line: a contract call and its request, which the contract's own schema then validates. */
export const controlRequest = s.object({ call: s.literal(...CONTROL_CALLS), request: s.json() });

/** Longest request line (in UTF-16 characters) the owner reads; a longer one is refused. */
export const maxRequestChars = 4096;
