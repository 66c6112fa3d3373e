import { MdmError } from '#shared/errors';
import { defineCommand, type CliCommand, type CliIO } from './command';
import { dataDirFlag } from './common-flags';
import type { FlagTable, FlagValues } from './flags';

/** A command on one named thing of the data directory (`mdm cluster profile show NAME`): NAME is required, --data-dir is added. */
export function defineNamedCommand<const T extends FlagTable>(spec: {
  name: string;
  summary: string;
  synopsis: string;
  /** What NAME names, for the error when it is missing, e.g. `profile name`. */
  what: string;
  flags: T;
  run: (
    values: FlagValues<T & { 'data-dir': typeof dataDirFlag }>,
    name: string,
    io: CliIO,
  ) => Promise<number> | number;
}): CliCommand {
  return defineCommand({
    name: spec.name,
    summary: spec.summary,
    synopsis: spec.synopsis,
    flags: { ...spec.flags, 'data-dir': dataDirFlag },
    positionals: 1,
    run(values, [name], io) {
      if (!name) throw new MdmError('invalid', `expected a ${spec.what}`);
      return spec.run(values, name, io);
    },
  });
}
