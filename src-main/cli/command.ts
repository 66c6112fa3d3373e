/** The shape every `mdm` sub-command implements; main.ts dispatches on `name`. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Runs the command with the arguments after its name; resolves to the process exit code. */
  run: (args: string[], io: CliIO) => Promise<number>;
}

/** Bad input from the user: main.ts prints `mdm: <message>` on one line and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
