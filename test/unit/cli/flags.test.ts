import { describe, expect, it } from 'vitest';
import { isMdmError } from '#shared/errors';
import { flagHelp, intPositional, parseFlags, type FlagTable } from '../../../src-main/cli/flags';
import { commands } from '../../../src-main/cli/commands/index';
import { runMdm } from './diffusion-io';

const table = {
  x: { type: 'number', help: 'a number' },
  n: { type: 'int', help: 'an integer' },
  lr: { type: 'number', above: 0, default: 0.001, help: 'positive' },
  k: { type: 'int', min: 1, max: 9, help: 'bounded' },
  mode: { type: 'enum', values: ['a', 'b'], default: 'a', help: 'choice' },
  q: { type: 'json', help: 'matrix' },
  name: { type: 'string', help: 'text' },
  json: { type: 'boolean', help: 'switch' },
} as const satisfies FlagTable;

function refusal(args: string[]): string {
  try {
    parseFlags(args, table);
  } catch (error) {
    expect(isMdmError(error) && error.code).toBe('invalid');
    return (error as Error).message;
  }
  throw new Error(`${args.join(' ')} was accepted`);
}

describe('the CLI option layer', () => {
  it.each([
    ['--x -1', ['--x', '-1'], -1],
    ['--x=-1', ['--x=-1'], -1],
    ['--x -1.5e-3', ['--x', '-1.5e-3'], -1.5e-3],
    ['--x=-1.5e-3', ['--x=-1.5e-3'], -1.5e-3],
    ['--x -.5', ['--x', '-.5'], -0.5],
    ['--x +2E2', ['--x', '+2E2'], 200],
  ])('reads the number flag %s', (_, args, value) => {
    expect(parseFlags(args, table).values.x).toBe(value);
  });

  it.each([
    ['--n -1', ['--n', '-1'], -1],
    ['--n=-1', ['--n=-1'], -1],
    ['--n -1e3', ['--n', '-1e3'], -1000],
  ])('reads the integer flag %s', (_, args, value) => {
    expect(parseFlags(args, table).values.n).toBe(value);
  });

  it('refuses a negative value by range, not by the parser, in every form', () => {
    for (const args of [['--lr', '-1'], ['--lr=-1'], ['--lr', '-1.5e-3']])
      expect(refusal(args)).toBe(`--lr must be > 0, got '${args.at(-1)!.replace('--lr=', '')}'`);
    expect(refusal(['--k', '-1'])).toBe("--k must be an integer in 1..9, got '-1'");
    expect(refusal(['--n', '-1.5e-3'])).toBe("--n must be an integer, got '-1.5e-3'");
  });

  it('fills defaults, keeps positionals and treats a lone negative number as one', () => {
    const { values, positionals } = parseFlags(['list', '-3', '--json', '--', '--x'], table);
    expect(values).toEqual({ lr: 0.001, mode: 'a', json: true });
    expect(positionals).toEqual(['list', '-3', '--x']);
  });

  it('parses enum and JSON flags, keeping bare NaN as text for the caller to name', () => {
    const { values } = parseFlags(['--mode=b', '--q', '[[0, NaN]]'], table);
    expect(values.mode).toBe('b');
    expect(values.q).toEqual([[0, 'NaN']]);
  });

  it.each([
    [['--frobnicate'], "unknown option '--frobnicate'"],
    [['-x', '1'], "unknown option '-x'"],
    [['--x'], '--x needs a value (X)'],
    [['--x', 'soon'], "--x must be a number, got 'soon'"],
    [['--x', 'Infinity'], "--x must be a number, got 'Infinity'"],
    [['--x', ''], "--x must be a number, got ''"],
    [['--n', '1.5'], "--n must be an integer, got '1.5'"],
    [['--mode', 'c'], "--mode must be one of a, b, got 'c'"],
    [['--q', '[[0,'], '--q is not valid JSON'],
    [['--json=1'], '--json takes no value'],
    [['--x', '1', '--x', '2'], '--x is given twice'],
  ])('refuses %j in one line', (args, message) => {
    const text = refusal(args);
    expect(text).toContain(message);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('parses an integer positional (a run ID) with the same rules', () => {
    expect(intPositional('the run ID', '12', { min: 1 })).toBe(12);
    expect(() => intPositional('the run ID', '-1', { min: 1 })).toThrow(
      "the run ID must be an integer ≥ 1, got '-1'",
    );
    expect(() => intPositional('the run ID', 'x')).toThrow(
      "the run ID must be an integer, got 'x'",
    );
    expect(() => intPositional('the run ID', undefined)).toThrow('the run ID is missing');
  });

  it('generates the help from the table: placeholder, range and default', () => {
    const help = flagHelp(table);
    expect(help).toContain('--lr X');
    expect(help).toMatch(/--lr X +positive \(> 0; default 0\.001\)/);
    expect(help).toMatch(/--k N +bounded \(in 1\.\.9\)/);
    expect(help).toMatch(/--mode a\|b +choice \(default a\)/);
    expect(help).toMatch(/--json +switch$/m);
  });

  it('prints every command’s generated help with --help', async () => {
    for (const command of commands) {
      const { code, out } = await runMdm(command.name, '--help');
      expect(code).toBe(0);
      expect(out).toBe(command.usage);
      expect(out).toMatch(/^Usage: mdm /);
    }
    const verify = await runMdm('diffusion', 'verify', '--help');
    expect(verify.out).toMatch(/--var X +variance of the Gaussian data law \(> 0; default 0\.25\)/);
  });

  it('gives every flag name one meaning across commands', () => {
    const helps = new Map<string, Set<string>>();
    for (const command of commands)
      for (const line of command.usage.split('\n')) {
        const match = /^ {2}--([\w-]+)(?: (\S+))?/.exec(line);
        if (!match) continue;
        const kinds = helps.get(match[1]!) ?? new Set();
        kinds.add(match[2] ?? 'switch');
        helps.set(match[1]!, kinds);
      }
    expect([...helps.get('out')!]).toEqual(['FILE.png']);
    expect([...helps.get('data-dir')!]).toEqual(['DIR']);
    const twoMeanings = [...helps].filter(([, kinds]) => kinds.size > 1);
    expect(twoMeanings).toEqual([]);
  });
});

describe('negative numbers through a real command', () => {
  it('`mdm diffusion verify --preset malda --x -0.4 --mu 0.2 --var 0.5 --json` works', async () => {
    const { code, out, err } = await runMdm(
      ...'diffusion verify --preset malda --x -0.4 --mu 0.2 --var 0.5 --samples 200 --json'.split(
        ' ',
      ),
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ x: -0.4, mu: 0.2, var: 0.5, k: 3 });
  });

  it.each([
    [['--x', '-1'], -1],
    [['--x=-1'], -1],
    [['--x', '-1.5e-3'], -1.5e-3],
    [['--mu=-1.5e-3'], -1.5e-3],
  ])('`mdm diffusion verify %j` reads the negative value', async (args, value) => {
    const { out, err } = await runMdm(
      'diffusion',
      'verify',
      '--preset',
      'vpsde',
      '--samples',
      '20',
      '--json',
      ...args,
    );
    expect(err).toBe('');
    const key = args[0]!.startsWith('--mu') ? 'mu' : 'x';
    expect(JSON.parse(out)[key]).toBe(value);
  });

  it('`mdm diffusion verify --var -1` is refused by the range with exit code 2', async () => {
    for (const args of [['--var', '-1'], ['--var=-1'], ['--var', '-1.5e-3']]) {
      const { code, err } = await runMdm('diffusion', 'verify', '--preset', 'cld', ...args);
      expect(code).toBe(2);
      expect(err).toMatch(/^mdm diffusion: --var must be > 0, got '-1(\.5e-3)?'$/);
    }
  });
});
