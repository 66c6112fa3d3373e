import { commands } from './commands/index';
import { isMdmError, type ErrorCode, type ErrorPayload } from '#shared/errors';
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

/** Exit status per error code (docs/contract.md §4): 130 for a cancelled operation, 2 for the user's errors. */
function exitCodeOf(code: ErrorCode): number {
  return code === 'cancelled' ? 130 : 2;
}

/** The user's error a command threw (bad input, missing run, cancelled …); anything else is a bug and propagates. */
function userError(error: unknown): ErrorPayload {
  if (isMdmError(error) && error.code !== 'internal') return error;
  throw error;
}

/** Entry point of the `mdm` CLI: dispatch; a refusal (an MdmError not 'internal') becomes one line, or `{ "error": { code, message } }` with --json, and its exit code. */
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
    const { code, message } = userError(error);
    if (rest.includes('--json')) io.err(JSON.stringify({ error: { code, message } }));
    else io.err(`mdm ${name}: ${message}`);
    return exitCodeOf(code);
  }
}
