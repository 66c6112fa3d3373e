import { MdmError } from '#shared/errors';
import { flagHelp, parseFlags, type FlagTable, type FlagValues } from './flags';

/** Where a command prints: its result on `out`, progress and complaints on `err`. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The shape every `mdm` sub-command has; main.ts dispatches on `name`. */
export interface CliCommand {
  name: string;
  summary: string;
  /** The help `mdm <command> --help` prints, generated from the flag table. */
  usage: string;
  /** Runs the command with the arguments after its name; resolves to the process exit code. */
  run: (args: string[], io: CliIO) => Promise<number>;
}

const wantsHelp = (args: readonly string[]): boolean =>
  args.includes('--help') || args.includes('-h');

/** A command whose flags are declared in one table; its help is generated from that table. */
export function defineCommand<const T extends FlagTable>(spec: {
  name: string;
  summary: string;
  /** The usage line after `Usage: `, e.g. `mdm eval (--run ID | --checkpoint DIR) [options]`. */
  synopsis: string;
  /** Optional paragraph between the usage line and the options. */
  description?: string;
  flags: T;
  /** How many positionals the command takes at most (default none). */
  positionals?: number;
  run: (values: FlagValues<T>, positionals: string[], io: CliIO) => Promise<number> | number;
}): CliCommand {
  const options = flagHelp(spec.flags);
  const usage = [
    `Usage: ${spec.synopsis}`,
    ...(spec.description ? ['', spec.description] : []),
    ...(options ? ['', 'Options:', options] : []),
  ].join('\n');
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    async run(args, io) {
      if (wantsHelp(args)) {
        io.out(usage);
        return 0;
      }
      const { values, positionals } = parseFlags(args, spec.flags);
      if (positionals.length > (spec.positionals ?? 0))
        throw new MdmError(
          'invalid',
          `unexpected argument '${positionals.slice(spec.positionals ?? 0).join(' ')}'`,
        );
      return spec.run(values, positionals, io);
    },
  };
}

/** A command made of sub-commands (`mdm runs list`): dispatches on the first argument. */
export function defineGroup(spec: {
  name: string;
  /** For a group inside another group, the words before its name (`diffusion` for `designs`). */
  parent?: string;
  summary: string;
  description?: string;
  subcommands: CliCommand[];
}): CliCommand {
  const names = spec.subcommands.map((s) => s.name);
  const width = Math.max(...names.map((n) => n.length));
  const usage = [
    `Usage: mdm ${spec.parent ? `${spec.parent} ` : ''}${spec.name} <${names.join('|')}> [options]`,
    ...(spec.description ? ['', spec.description] : []),
    '',
    ...spec.subcommands.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`),
    '',
    ...spec.subcommands.flatMap((s) => [s.usage, '']),
  ]
    .join('\n')
    .trimEnd();
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    async run(args, io) {
      const [sub, ...rest] = args;
      if (sub === '--help' || sub === '-h') {
        io.out(usage);
        return 0;
      }
      const command = spec.subcommands.find((s) => s.name === sub);
      if (!command)
        throw new MdmError(
          'invalid',
          `unknown sub-command '${sub ?? ''}' (choose ${names.join(', ')})`,
        );
      return command.run(rest, io);
    },
  };
}
