import { commands } from './commands/index';
import { UsageError, type CliIO } from './command';

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

/** node:util parseArgs rejects unknown or malformed options with these codes. */
function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Entry point of the `mdm` CLI: dispatch, and turn UsageError into one line + exit code 2. */
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
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`mdm ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
