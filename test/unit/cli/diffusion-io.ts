import type { CliIO } from '../../../src-main/cli/command';
import { main } from '../../../src-main/cli/main';

/** Runs `mdm ...args` in-process and captures what it prints. */
export async function runMdm(
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
