import { describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';

/** What `mdm ARGS` prints on standard output. */
async function help(args: string[]): Promise<string> {
  let out = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: () => {} });
  expect(code).toBe(0);
  return out;
}

describe('help of nested command groups', () => {
  it('names the whole path of a group inside a group', async () => {
    expect(await help(['diffusion', 'designs', '--help'])).toMatch(
      /^Usage: mdm diffusion designs <list\|save\|delete> \[options\]/,
    );
    expect(await help(['cluster', 'profile', '--help'])).toMatch(
      /^Usage: mdm cluster profile <set\|show\|list\|delete> \[options\]/,
    );
  });

  it('shows the nested usage line inside the enclosing group help too', async () => {
    const out = await help(['diffusion', '--help']);
    expect(out).toMatch(/^Usage: mdm diffusion designs </m);
    expect(out).not.toMatch(/^Usage: mdm designs /m);
  });
});
