import { MdmError } from '../errors';
import {
  customSpec,
  learnedSpec,
  presetSpec,
  PRESET_NAMES,
  randomLearnedParams,
  type DiffusionSpec,
  type SpecOptions,
} from '../mdm/spec';
import { DEFAULT_SCHEDULE } from '../mdm/schedule';
import { validateSpec } from '../mdm/validate';
import type { DiffusionChoice } from './run-config';

function specOptions(choice: DiffusionChoice): SpecOptions {
  const schedule = {
    beta0: choice.beta0 ?? DEFAULT_SCHEDULE.beta0,
    beta1: choice.beta1 ?? DEFAULT_SCHEDULE.beta1,
  };
  return choice.sigmaV2 === undefined ? { schedule } : { schedule, sigmaV2: choice.sigmaV2 };
}

function unvalidatedSpec(choice: DiffusionChoice, seed: number): DiffusionSpec {
  const opts = specOptions(choice);
  switch (choice.preset) {
    case 'learned':
      return learnedSpec(
        randomLearnedParams(choice.k ?? 2, seed, choice.fullD ?? false, choice.init ?? 'normal'),
        opts,
      );
    case 'custom':
      if (!choice.q || !choice.d)
        throw new MdmError('invalid', 'a custom diffusion needs both Q and D');
      return customSpec(choice.q, choice.d, opts);
    case 'malda':
      return presetSpec('malda', { ...opts, k: choice.k ?? 3 });
    default:
      return presetSpec(choice.preset, opts);
  }
}

/** The diffusion a run starts from (learned ones initialised from the run's seed), validated (docs/science.md §2). */
export function specOfChoice(choice: DiffusionChoice, seed: number): DiffusionSpec {
  const spec = unvalidatedSpec(choice, seed);
  const errors = validateSpec(spec);
  if (errors.length > 0) throw new MdmError('invalid', `diffusion: ${errors.join('; ')}`);
  return spec;
}

const diffusionName = new RegExp(
  `^(${[...PRESET_NAMES, 'learned'].join('|')})(?:-(\\d+))?(-full)?$`,
);

/** Reads a diffusion name as the CLI and run names write it: vpsde, cld, alda, malda[-K], learned[-K][-full]. */
export function diffusionChoiceFromName(name: string): DiffusionChoice {
  const match = diffusionName.exec(name);
  const preset = match?.[1] as DiffusionChoice['preset'] | undefined;
  const sized = preset === 'malda' || preset === 'learned';
  if (
    !match ||
    !preset ||
    ((match[2] || match[3]) && !sized) ||
    (match[3] && preset !== 'learned')
  ) {
    throw new MdmError(
      'invalid',
      `unknown diffusion '${name}' (choose vpsde, cld, alda, malda[-K], learned[-K][-full])`,
    );
  }
  if (!sized) return { preset };
  const k = match[2] ? Number(match[2]) : preset === 'malda' ? 3 : 2;
  return preset === 'learned' ? { preset, k, fullD: Boolean(match[3]) } : { preset, k };
}

/** The run configuration's view of a designed diffusion: presets by name, learned by K, anything else as its Q and D. */
export function choiceOfSpec(spec: DiffusionSpec): DiffusionChoice {
  const schedule = {
    beta0: spec.schedule.beta0,
    beta1: spec.schedule.beta1,
    sigmaV2: spec.sigmaV2,
  };
  if (spec.learned)
    return { preset: 'learned', k: spec.k, fullD: 'b' in spec.learned, ...schedule };
  if (spec.name === 'vpsde' || spec.name === 'cld' || spec.name === 'alda') {
    return { preset: spec.name, ...schedule };
  }
  if (/^malda(-\d+)?$/.test(spec.name)) return { preset: 'malda', k: spec.k, ...schedule };
  return { preset: 'custom', q: spec.q, d: spec.d, ...schedule };
}
