import { commands } from './commands/index';
import { isMdmError } from '#shared/errors';
import type { CliIO } from './command';

const stdio: CliIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: mdm <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "mdm <command> --help shows a command's options.",
  ].join('\n');
}

/** Entry point of the `mdm` CLI: dispatch, and turn a refusal (an MdmError not 'internal') into one line + exit code 2. */
export async function main(argv: string[], io: CliIO = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`mdm: unknown command '${name}' (try mdm --help)`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isMdmError(error) && error.code !== 'internal') {
      io.err(`mdm ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
