import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../command';
import {
  customSpec,
  DEFAULT_SIGMA_V2,
  learnedSpec,
  presetSpec,
  PRESET_NAMES,
  randomLearnedParams,
  type DiffusionSpec,
  type PresetName,
  type SpecOptions,
} from '#shared/mdm/spec';
import { DEFAULT_SCHEDULE } from '#shared/mdm/schedule';
import type { Matrix } from '#shared/mdm/linalg/matrix';

/** Options shared by `mdm diffusion inspect` and `verify`: which diffusion, and its schedule. */
export const diffusionOptions = {
  preset: { type: 'string' },
  q: { type: 'string' },
  d: { type: 'string' },
  k: { type: 'string' },
  seed: { type: 'string' },
  'full-d': { type: 'boolean', default: false },
  beta0: { type: 'string' },
  beta1: { type: 'string' },
  'sigma-v2': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const diffusionUsage = [
  '  --preset NAME      vpsde | cld | alda | malda[-K] | learned[-K] (random draw, see --seed)',
  '  --q JSON --d JSON  a user-defined diffusion: Q skew-symmetric, D symmetric PSD, as arrays of rows',
  '  --k K              K for malda (default 3) and learned (default 3)',
  '  --seed S           seed of the learned draw (default 0); --full-d draws D = B Bᵀ + 1e-3 I',
  `  --beta0 B0 --beta1 B1  linear β(t) schedule (default ${DEFAULT_SCHEDULE.beta0}, ${DEFAULT_SCHEDULE.beta1})`,
  `  --sigma-v2 S       variance of the initial auxiliary variables (default ${DEFAULT_SIGMA_V2})`,
  '  --json             stable JSON instead of tables',
].join('\n');

type Values = Partial<Record<string, string | boolean>>;

/** parseArgs with its (sometimes multi-line) complaints folded into one-line usage errors. */
export function parseOptions(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): Values {
  try {
    return parseArgs({ args, options }).values as Values;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

/** A number option, or `fallback` when absent; `check` returns a complaint or null. */
export function numberOption(
  values: Values,
  name: string,
  fallback: number,
  check: (x: number) => string | null = () => null,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const x = Number(raw);
  const problem =
    typeof raw !== 'string' || raw.trim() === '' || Number.isNaN(x) ? 'must be a number' : check(x);
  if (problem) throw new UsageError(`--${name} ${problem}, got '${String(raw)}'`);
  return x;
}

function integerAtLeast(min: number): (x: number) => string | null {
  return (x) => (Number.isInteger(x) && x >= min ? null : `must be an integer ≥ ${min}`);
}

/** Parses a JSON matrix; bare NaN/Infinity are kept as text so validation can name the entry. */
function matrixOption(values: Values, name: string): Matrix {
  const raw = String(values[name]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(/-?\b(NaN|Infinity)\b/g, '"$&"'));
  } catch (error) {
    throw new UsageError(`--${name} is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new UsageError(`--${name} must be a JSON array of rows`);
  return parsed as Matrix;
}

function presetFromOptions(values: Values, opts: SpecOptions): DiffusionSpec {
  const preset = String(values.preset);
  const match = /^(vpsde|cld|alda|malda|learned)(?:-(\d+))?$/.exec(preset);
  const base = match?.[1];
  if (!base || (match[2] && base !== 'malda' && base !== 'learned')) {
    throw new UsageError(
      `unknown preset '${preset}' (choose ${[...PRESET_NAMES, 'malda-K', 'learned-K'].join(', ')})`,
    );
  }
  const k = match[2]
    ? Number(match[2])
    : numberOption(values, 'k', 3, integerAtLeast(base === 'malda' ? 2 : 1));
  if (base === 'learned') {
    const seed = numberOption(values, 'seed', 0, integerAtLeast(0));
    return learnedSpec(randomLearnedParams(k, seed, values['full-d'] === true), opts);
  }
  if (base === 'malda' && k < 2) throw new UsageError(`malda needs K ≥ 2, got ${k}`);
  return presetSpec(base as PresetName, { ...opts, k });
}

/** The diffusion the options describe (not yet validated). */
export function specFromOptions(values: Values): DiffusionSpec {
  const opts: SpecOptions = {
    schedule: {
      beta0: numberOption(values, 'beta0', DEFAULT_SCHEDULE.beta0),
      beta1: numberOption(values, 'beta1', DEFAULT_SCHEDULE.beta1),
    },
    sigmaV2: numberOption(values, 'sigma-v2', DEFAULT_SIGMA_V2),
  };
  const custom = values.q !== undefined || values.d !== undefined;
  if (values.preset !== undefined && custom)
    throw new UsageError('give either --preset or --q/--d, not both');
  if (values.preset !== undefined) return presetFromOptions(values, opts);
  if (values.q === undefined || values.d === undefined)
    throw new UsageError('give --preset NAME, or both --q JSON and --d JSON');
  const q = matrixOption(values, 'q');
  const spec = customSpec(q, matrixOption(values, 'd'), opts);
  const k = numberOption(values, 'k', spec.k, integerAtLeast(1));
  return { ...spec, k };
}
