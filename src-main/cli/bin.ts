import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // One line for the user; the stack only when asked for (MDM_VERBOSE=1).
    const verbose = Boolean(process.env.MDM_VERBOSE);
    const text =
      error instanceof Error
        ? verbose
          ? (error.stack ?? error.message)
          : error.message
        : String(error);
    console.error(`mdm: ${text.replace(/\s*\n\s*/g, verbose ? '\n' : ' ')}`);
    process.exitCode = 1;
  },
);
