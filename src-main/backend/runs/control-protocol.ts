import * as s from '#shared/api/schema';

/** The calls another local process may make of a data directory's owner; every other change it makes itself. */
export const CONTROL_CALLS = [
  'runs-create',
  'runs-stop',
  'runs-resume',
  'runs-duplicate',
  'runs-delete',
  'sweeps-create',
  'sweeps-stop',
  'sweeps-resume',
] as const;
export type ControlCall = (typeof CONTROL_CALLS)[number];

/** The calls that queue or start runs: an owner that trains only its own runs refuses them. */
export const STARTING_CALLS: readonly ControlCall[] = [
  'runs-create',
  'runs-resume',
  'runs-duplicate',
  'sweeps-create',
  'sweeps-resume',
];

/** One request line: a contract call and its request, which the contract's own schema then validates. */
export const controlRequest = s.object({ call: s.literal(...CONTROL_CALLS), request: s.json() });

/**
 * Longest request line (in UTF-16 characters) the owner reads; a longer one is refused. The
 * largest spec the contract allows (32 saved K=8 designs, 32 seeds) is about 88,000 characters.
 */
export const maxRequestChars = 256 * 1024;
