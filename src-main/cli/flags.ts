/**
 * The one option layer of `mdm`: every command declares its flags in one table (type, default,
 * range, help) and this module parses, validates and documents them.
 * Our own tokenizer rather than node:util parseArgs, which refuses `--x -0.4` as ambiguous and
 * knows only strings and booleans (no numbers, ranges or help).
 */
import { MdmError } from '#shared/errors';

interface FlagBase {
  /** One line for `mdm <command> --help`; the default and range are appended from the table. */
  help: string;
  /** The value's placeholder in the help, e.g. DIR or FILE.png. */
  arg?: string;
}
export interface StringFlag extends FlagBase {
  type: 'string';
  default?: string;
}
export interface IntFlag extends FlagBase {
  type: 'int';
  default?: number;
  min?: number;
  max?: number;
}
export interface NumberFlag extends FlagBase {
  type: 'number';
  default?: number;
  min?: number;
  max?: number;
  /** Strict lower bound: the value must be > above. */
  above?: number;
  /** Strict upper bound: the value must be < below. */
  below?: number;
}
export interface BooleanFlag extends FlagBase {
  type: 'boolean';
}
export interface EnumFlag extends FlagBase {
  type: 'enum';
  values: readonly string[];
  default?: string;
}
export interface JsonFlag extends FlagBase {
  type: 'json';
}
export type Flag = StringFlag | IntFlag | NumberFlag | BooleanFlag | EnumFlag | JsonFlag;
export type FlagTable = Readonly<Record<string, Flag>>;

type Plain<F extends Flag> = F extends IntFlag | NumberFlag
  ? number
  : F extends EnumFlag
    ? F['values'][number]
    : F extends JsonFlag
      ? unknown
      : string;
/** The parsed value of one flag: present when it has a default (booleans default to false). */
export type FlagValue<F extends Flag> = F extends BooleanFlag
  ? boolean
  : F extends { default: unknown }
    ? Plain<F>
    : Plain<F> | undefined;
/** The parsed values of a table, keyed by flag name. */
export type FlagValues<T extends FlagTable> = { -readonly [K in keyof T]: FlagValue<T[K]> };

export interface Parsed<T extends FlagTable> {
  values: FlagValues<T>;
  positionals: string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function invalid(message: string): MdmError {
  return new MdmError('invalid', message);
}

/** The range a numeric flag accepts, as help and error text ("≥ 1", "in 0..65535", "> 0"). */
export function rangeText(flag: IntFlag | NumberFlag): string | null {
  const lower = flag.min ?? (flag.type === 'number' ? flag.above : undefined);
  const upper = flag.max ?? (flag.type === 'number' ? flag.below : undefined);
  const strictLow = flag.type === 'number' && flag.min === undefined && flag.above !== undefined;
  const strictHigh = flag.type === 'number' && flag.max === undefined && flag.below !== undefined;
  if (lower !== undefined && upper !== undefined) {
    if (flag.type === 'int') return `in ${lower}..${upper}`;
    return `in ${strictLow ? '(' : '['}${lower}, ${upper}${strictHigh ? ')' : ']'}`;
  }
  if (lower !== undefined) return `${strictLow ? '>' : '≥'} ${lower}`;
  if (upper !== undefined) return `${strictHigh ? '<' : '≤'} ${upper}`;
  return null;
}

function inRange(flag: IntFlag | NumberFlag, x: number): boolean {
  if (flag.min !== undefined && x < flag.min) return false;
  if (flag.max !== undefined && x > flag.max) return false;
  if (flag.type === 'number') {
    if (flag.above !== undefined && !(x > flag.above)) return false;
    if (flag.below !== undefined && !(x < flag.below)) return false;
  }
  return true;
}

/** `raw` as the flag's number, or a refusal naming `label` (`--lr`, or `ID` for a positional). */
function numeric(label: string, flag: IntFlag | NumberFlag, raw: string): number {
  const kind = flag.type === 'int' ? 'an integer' : 'a number';
  const x = Number(raw);
  const ok = NUMBER.test(raw.trim()) && (flag.type === 'int' ? Number.isSafeInteger(x) : true);
  const range = rangeText(flag);
  if (!ok) throw invalid(`${label} must be ${kind}${range ? ` ${range}` : ''}, got '${raw}'`);
  if (!inRange(flag, x))
    throw invalid(
      `${label} must be ${flag.type === 'int' ? `${kind} ` : ''}${range}, got '${raw}'`,
    );
  return x;
}

/** An integer positional such as a run ID, parsed and range-checked as an int flag is. */
export function intPositional(
  label: string,
  raw: string | undefined,
  range: Pick<IntFlag, 'min' | 'max'> = {},
): number {
  if (raw === undefined) throw invalid(`${label} is missing`);
  return numeric(label, { type: 'int', help: label, ...range }, raw);
}

/** JSON with bare NaN/Infinity kept as text, so the command's validation can name the entry. */
function json(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw.replace(/-?\b(NaN|Infinity)\b/g, '"$&"'));
  } catch (error) {
    throw invalid(`--${name} is not valid JSON (${(error as Error).message})`);
  }
}

function convert(name: string, flag: Exclude<Flag, BooleanFlag>, raw: string): unknown {
  switch (flag.type) {
    case 'string':
      return raw;
    case 'int':
    case 'number':
      return numeric(`--${name}`, flag, raw);
    case 'enum':
      if (!flag.values.includes(raw))
        throw invalid(`--${name} must be one of ${flag.values.join(', ')}, got '${raw}'`);
      return raw;
    case 'json':
      return json(name, raw);
  }
}

/**
 * Parses `args` against `table`: `--name value` and `--name=value` (a value may start with '-',
 * so `--x -0.4` works), boolean `--name`, `--` ends the flags; anything else is a positional.
 * Unknown, repeated or malformed flags and out-of-range values throw MdmError('invalid').
 */
export function parseFlags<T extends FlagTable>(args: readonly string[], table: T): Parsed<T> {
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || NUMBER.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq < 0 ? undefined : eq) : '';
    const flag = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!flag) throw invalid(`unknown option '${eq < 0 ? arg : arg.slice(0, eq)}'`);
    if (name in values) throw invalid(`--${name} is given twice`);
    if (flag.type === 'boolean') {
      if (eq >= 0) throw invalid(`--${name} takes no value`);
      values[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (raw === undefined) throw invalid(`--${name} needs a value (${placeholder(flag)})`);
    values[name] = convert(name, flag, raw);
  }
  for (const [name, flag] of Object.entries(table)) {
    if (name in values) continue;
    if (flag.type === 'boolean') values[name] = false;
    else if ('default' in flag && flag.default !== undefined) values[name] = flag.default;
  }
  return { values: values as FlagValues<T>, positionals };
}

function placeholder(flag: Flag): string {
  if (flag.arg) return flag.arg;
  switch (flag.type) {
    case 'int':
      return 'N';
    case 'number':
      return 'X';
    case 'enum':
      return flag.values.join('|');
    case 'json':
      return 'JSON';
    default:
      return 'VALUE';
  }
}

/** Flags longer than this get their help on the next line. */
const HELP_COLUMN = 24;

/** The help lines of a table: `--name ARG  help (range; default D)`, aligned. */
export function flagHelp(table: FlagTable): string {
  const rows = Object.entries(table).map(([name, flag]) => {
    const left = flag.type === 'boolean' ? `--${name}` : `--${name} ${placeholder(flag)}`;
    const notes = [
      flag.type === 'int' || flag.type === 'number' ? rangeText(flag) : null,
      'default' in flag && flag.default !== undefined ? `default ${flag.default}` : null,
    ].filter((n) => n !== null);
    return [left, notes.length > 0 ? `${flag.help} (${notes.join('; ')})` : flag.help] as const;
  });
  const width = Math.min(HELP_COLUMN, Math.max(0, ...rows.map(([left]) => left.length)));
  return rows
    .map(([left, help]) =>
      left.length > width
        ? `  ${left}\n  ${' '.repeat(width)}  ${help}`
        : `  ${left.padEnd(width)}  ${help}`,
    )
    .join('\n');
}
