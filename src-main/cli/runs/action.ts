import type { AskedOwner, Handlers } from '#shared/api/contract';
import { defineCommand, type CliCommand, type CliIO } from '../command';
import { dataDirFlag, jsonFlag } from '../common-flags';
import type { FlagTable, FlagValues } from '../flags';

/** What a sub-command of a group (`mdm runs stop`, `mdm sweep stop`) declares besides its `run`. */
export interface ActionHead<T extends FlagTable> {
  name: string;
  summary: string;
  /** The usage after `mdm GROUP NAME`; `ID …` makes the command take that one positional. */
  synopsis: string;
  /** Optional paragraph `--help` prints between the usage line and the options. */
  description?: string;
  flags: T;
}

/** `mdm GROUP NAME [ID] [options]`: the head's flags plus --data-dir; `run` gets the values and the ID. */
export function groupAction<const T extends FlagTable>(
  group: string,
  head: ActionHead<T>,
  run: (
    values: FlagValues<T & { 'data-dir': typeof dataDirFlag }>,
    id: string | undefined,
    io: CliIO,
  ) => Promise<number>,
): CliCommand {
  return defineCommand({
    name: head.name,
    summary: head.summary,
    synopsis: `mdm ${group} ${head.name} ${head.synopsis}`.trimEnd(),
    ...(head.description ? { description: head.description } : {}),
    flags: { ...head.flags, 'data-dir': dataDirFlag },
    positionals: head.synopsis.startsWith('ID') ? 1 : 0,
    run: (values, [id], io) => run(values, id, io),
  });
}

/** What a command that changes runs says of a process that owns the data directory and takes its requests (backend/runs/forward-control.ts). */
export const forwardedHelp =
  'When another process trains this data directory (the app, mdm serve, mdm train, mdm sweep create),\n' +
  'the request goes to that process through its control socket and its answer is printed here.';

/** What stop and resume say of the owners that take their requests. */
export const forwardingHelp = (noun: 'run' | 'sweep') =>
  `${forwardedHelp}\nmdm train and mdm sweep create train only their own runs: they stop a ${noun} but resume none.`;

/** What stop and resume print after their line when another process took the call (docs/architecture.md §3). */
export const askedNote = ({ askedPid }: AskedOwner, home: string) =>
  askedPid === undefined ? '' : ` (asked pid ${askedPid}, the process that trains ${home})`;

/** `stop ID` of a group: `stop` stops the run or sweep of that ID, whose new status is printed. */
export function stopAction(
  noun: 'run' | 'sweep',
  summary: string,
  stop: (
    handlers: Handlers,
    id: string | undefined,
  ) => Promise<{ id: number; status: string } & AskedOwner>,
) {
  return {
    name: 'stop',
    summary,
    synopsis: 'ID [options]',
    description: forwardingHelp(noun),
    flags: {},
    manageRuns: true,
    async run(
      _values: unknown,
      id: string | undefined,
      context: { handlers: Handlers; io: CliIO; home: string },
    ) {
      const stopped = await stop(context.handlers, id);
      // A running one saves a checkpoint before it ends as stopped.
      const state = stopped.status === 'running' ? 'stopping' : `is ${stopped.status}`;
      context.io.out(`${noun} ${stopped.id} ${state}${askedNote(stopped, context.home)}`);
      return 0;
    },
  };
}

/** `show ID` of a group: `show` prints the run or sweep of that ID, as JSON with --json. */
export function showAction(
  summary: string,
  show: (handlers: Handlers, id: string | undefined, io: CliIO, json: boolean) => Promise<void>,
) {
  return {
    name: 'show',
    summary,
    synopsis: 'ID [options]',
    flags: { json: jsonFlag },
    manageRuns: false,
    async run(
      values: { json: boolean },
      id: string | undefined,
      context: { handlers: Handlers; io: CliIO },
    ) {
      await show(context.handlers, id, context.io, values.json);
      return 0;
    },
  };
}

/** What `resume ID` of a group declares: --json prints the finished run or sweep; `flags` adds the group's own. */
export const resumeHead = <const F extends FlagTable = Record<never, never>>(
  noun: 'run' | 'sweep',
  summary: string,
  flags?: F,
) => ({
  name: 'resume',
  summary,
  synopsis: 'ID [options]',
  description: forwardingHelp(noun),
  flags: { json: { ...jsonFlag, help: `print the finished ${noun} as JSON` }, ...(flags as F) },
  manageRuns: true,
});
