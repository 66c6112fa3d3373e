/**
 * The one schema library of every boundary (contract requests, stored run configs, store writes). Kept
 * over valibot/zod: ~170 lines, no dependency, and every message names the field path the user got wrong.
 */
import { MdmError } from '../errors';

/** A tiny runtime schema: validates untrusted payloads at the contract boundary and infers their types. */
export interface Schema<T> {
  /** Returns the value typed, or throws an 'invalid' MdmError naming the path of the first bad field. */
  parse(value: unknown, path?: string): T;
  readonly optional?: boolean;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** A payload that does not match its schema: 'invalid', the message and `details.path` name the field (e.g. `config.steps`). */
function schemaError(path: string, reason: string): MdmError {
  return new MdmError('invalid', `${path || 'payload'}: ${reason}`, { path });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `number ${String(value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function fail(path: string, expected: string, value: unknown): never {
  throw schemaError(path, `expected ${expected}, got ${describe(value)}`);
}

export function string(
  opts: { minLength?: number; maxLength?: number; pattern?: RegExp; notBlank?: boolean } = {},
): Schema<string> {
  return {
    parse(value, path = '') {
      if (typeof value !== 'string') fail(path, 'a string', value);
      if (opts.notBlank && value.trim() === '') fail(path, 'a non-blank string', value);
      if (opts.pattern && !opts.pattern.test(value))
        fail(path, `a string matching ${opts.pattern}`, value);
      if (opts.minLength !== undefined && value.length < opts.minLength) {
        throw schemaError(path, `must be at least ${opts.minLength} characters`);
      }
      if (opts.maxLength !== undefined && value.length > opts.maxLength) {
        throw schemaError(path, `must be at most ${opts.maxLength} characters`);
      }
      return value;
    },
  };
}

export function number(
  opts: { integer?: boolean; min?: number; max?: number } = {},
): Schema<number> {
  return {
    parse(value, path = '') {
      if (typeof value !== 'number' || !Number.isFinite(value))
        fail(path, 'a finite number', value);
      if (opts.integer && !Number.isInteger(value)) fail(path, 'an integer', value);
      if (opts.min !== undefined && value < opts.min) fail(path, `a number ≥ ${opts.min}`, value);
      if (opts.max !== undefined && value > opts.max) fail(path, `a number ≤ ${opts.max}`, value);
      return value;
    },
  };
}

export function boolean(): Schema<boolean> {
  return {
    parse(value, path = '') {
      if (typeof value !== 'boolean') fail(path, 'a boolean', value);
      return value;
    },
  };
}

export function literal<const T extends string>(...choices: T[]): Schema<T> {
  return {
    parse(value, path = '') {
      if (typeof value !== 'string' || !(choices as string[]).includes(value)) {
        fail(path, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
      }
      return value as T;
    },
  };
}

export function array<T>(item: Schema<T>, opts: { maxLength?: number } = {}): Schema<T[]> {
  return {
    parse(value, path = '') {
      if (!Array.isArray(value)) fail(path, 'an array', value);
      if (opts.maxLength !== undefined && value.length > opts.maxLength) {
        throw schemaError(path, `must have at most ${opts.maxLength} items`);
      }
      return value.map((v, i) => item.parse(v, `${path}[${i}]`));
    },
  };
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return {
    optional: true,
    parse: (value, path = '') => (value === undefined ? undefined : inner.parse(value, path)),
  };
}

/** A value a type guard accepts (e.g. a template-literal type); `expected` describes it in the message. */
export function guard<T>(accepts: (value: unknown) => value is T, expected: string): Schema<T> {
  return {
    parse(value, path = '') {
      if (!accepts(value)) fail(path, expected, value);
      return value;
    },
  };
}

/** A plain JSON object of any fields (a stored run config, a sample's meta). */
export function record(): Schema<Record<string, unknown>> {
  return {
    parse(value, path = '') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail(path, 'an object', value);
      }
      return value as Record<string, unknown>;
    },
  };
}

/** Values of any JSON shape (config blobs validated elsewhere, e.g. src-shared/config). */
export function json(): Schema<unknown> {
  return { parse: (value) => value };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { optional: true } ? K : undefined extends Infer<S[K]> ? K : never;
}[keyof S];
export type ObjectOf<S extends Shape> = {
  [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]>;
} & {
  [K in OptionalKeys<S>]?: Infer<S[K]>;
};

/** A plain object with exactly these fields; unknown fields are rejected so typos surface. */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return {
    parse(value, path = '') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail(path, 'an object', value);
      }
      const record = value as Record<string, unknown>;
      const at = (key: string) => (path ? `${path}.${key}` : key);
      for (const key of Object.keys(record)) {
        if (!(key in shape)) throw schemaError(at(key), 'is not a known field');
      }
      const out: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(shape)) {
        if (record[key] === undefined && !schema.optional) {
          throw schemaError(at(key), 'is required');
        }
        const parsed = schema.parse(record[key], at(key));
        if (parsed !== undefined) out[key] = parsed;
      }
      return out as ObjectOf<S>;
    },
  };
}
