import { MdmError } from '#shared/errors';
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
import { jsonFlag } from '../../common-flags';
import type { FlagValues } from '../../flags';

/** Flags shared by `mdm diffusion inspect` and `verify`: which diffusion, and its schedule. */
export const diffusionFlags = {
  preset: {
    type: 'string',
    arg: 'NAME',
    help: 'vpsde | cld | alda | malda[-K] | learned[-K] (a random draw, see --seed)',
  },
  q: { type: 'json', help: 'user-defined Q (skew-symmetric) as an array of rows; needs --d' },
  d: { type: 'json', help: 'user-defined D (symmetric PSD) as an array of rows; needs --q' },
  k: { type: 'int', min: 1, help: 'K for malda (default 3) and learned (default 3)' },
  seed: { type: 'int', min: 0, default: 0, help: 'seed of the learned draw' },
  'full-d': { type: 'boolean', help: 'learned draw with a full D = B Bᵀ + 1e-3 I' },
  beta0: { type: 'number', default: DEFAULT_SCHEDULE.beta0, help: 'β(t) at t = 0 (linear)' },
  beta1: { type: 'number', default: DEFAULT_SCHEDULE.beta1, help: 'β(t) at t = 1 (linear)' },
  'sigma-v2': {
    type: 'number',
    default: DEFAULT_SIGMA_V2,
    help: 'variance of the initial auxiliary variables',
  },
  json: { ...jsonFlag, help: 'stable JSON instead of tables' },
} as const;

type Values = FlagValues<typeof diffusionFlags>;

function matrix(name: string, value: unknown): Matrix {
  if (!Array.isArray(value))
    throw new MdmError('invalid', `--${name} must be a JSON array of rows`);
  return value as Matrix;
}

function presetFromOptions(values: Values, preset: string, opts: SpecOptions): DiffusionSpec {
  const match = /^(vpsde|cld|alda|malda|learned)(?:-(\d+))?$/.exec(preset);
  const base = match?.[1];
  if (!base || (match[2] && base !== 'malda' && base !== 'learned')) {
    throw new MdmError(
      'invalid',
      `unknown preset '${preset}' (choose ${[...PRESET_NAMES, 'malda-K', 'learned-K'].join(', ')})`,
    );
  }
  const k = match[2] ? Number(match[2]) : (values.k ?? 3);
  if (base === 'learned')
    return learnedSpec(randomLearnedParams(k, values.seed, values['full-d']), opts);
  if (base === 'malda' && k < 2) throw new MdmError('invalid', `malda needs K ≥ 2, got ${k}`);
  return presetSpec(base as PresetName, { ...opts, k });
}

/** The diffusion the flags describe (not yet validated). */
export function specFromOptions(values: Values): DiffusionSpec {
  const opts: SpecOptions = {
    schedule: { beta0: values.beta0, beta1: values.beta1 },
    sigmaV2: values['sigma-v2'],
  };
  const custom = values.q !== undefined || values.d !== undefined;
  if (values.preset !== undefined && custom)
    throw new MdmError('invalid', 'give either --preset or --q/--d, not both');
  if (values.preset !== undefined) return presetFromOptions(values, values.preset, opts);
  if (values.q === undefined || values.d === undefined)
    throw new MdmError('invalid', 'give --preset NAME, or both --q JSON and --d JSON');
  const spec = customSpec(matrix('q', values.q), matrix('d', values.d), opts);
  return { ...spec, k: values.k ?? spec.k };
}
