/** The designer's editable state and the DiffusionSpec it stands for (docs/science.md §2). */
import type { DiffusionChoice } from '#shared/config/run-config';
import { DEFAULT_SCHEDULE } from '#shared/mdm/schedule';
import {
  customSpec,
  DEFAULT_SIGMA_V2,
  learnedSpec,
  presetSpec,
  randomLearnedParams,
  type DiffusionSpec,
  type PresetName,
} from '#shared/mdm/spec';
import { validateSpec } from '#shared/mdm/validate';
import {
  formatEntry,
  matrixFromText,
  parseEntry,
  textFromMatrix,
  type TextMatrix,
} from './matrix-text';

export type DesignerMode = PresetName | 'learned' | 'custom';
export const DESIGNER_MODES: readonly DesignerMode[] = [
  'vpsde',
  'cld',
  'alda',
  'malda',
  'learned',
  'custom',
];
export const MAX_K = 8;

/** K of the presets whose K is fixed; malda, learned and custom let the user choose. */
export const FIXED_K: Partial<Record<DesignerMode, number>> = { vpsde: 1, cld: 2, alda: 3 };
export const MIN_K: Record<DesignerMode, number> = {
  vpsde: 1,
  cld: 2,
  alda: 3,
  malda: 2,
  learned: 1,
  custom: 1,
};

export interface Draft {
  mode: DesignerMode;
  k: number;
  /** Custom Q and D as typed. */
  q: TextMatrix;
  d: TextMatrix;
  /** Learned-K: seed of the initial raw parameters and whether D is full (B Bᵀ + floor·I). */
  seed: number;
  fullD: boolean;
  beta0: string;
  beta1: string;
  sigmaV2: string;
}

/**
 * The designer's state for a run's diffusion choice ("Duplicate and edit"): the same preset, K,
 * matrices and schedule; a choice without them gets the designer's first draft (CLD, K = 2).
 */
export function draftOfChoice(choice: DiffusionChoice | null): Draft {
  const mode: DesignerMode = choice?.preset ?? 'cld';
  const k = FIXED_K[mode] ?? choice?.k ?? choice?.q?.length ?? MIN_K[mode];
  return {
    mode,
    k,
    q: choice?.q ? textFromMatrix(choice.q) : [['0']],
    d: choice?.d ? textFromMatrix(choice.d) : [['0.5']],
    seed: 0,
    fullD: choice?.fullD ?? false,
    beta0: formatEntry(choice?.beta0 ?? DEFAULT_SCHEDULE.beta0),
    beta1: formatEntry(choice?.beta1 ?? DEFAULT_SCHEDULE.beta1),
    sigmaV2: formatEntry(choice?.sigmaV2 ?? DEFAULT_SIGMA_V2),
  };
}

export interface Built {
  spec: DiffusionSpec | null;
  errors: string[];
}

/** The spec a draft describes and validateSpec's verdict on it; spec is null when invalid. */
export function buildSpec(draft: Draft): Built {
  const opts = {
    schedule: { beta0: parseEntry(draft.beta0), beta1: parseEntry(draft.beta1) },
    sigmaV2: parseEntry(draft.sigmaV2),
  };
  let spec: DiffusionSpec;
  try {
    if (draft.mode === 'custom')
      spec = customSpec(matrixFromText(draft.q), matrixFromText(draft.d), opts);
    else if (draft.mode === 'learned')
      spec = learnedSpec(randomLearnedParams(draft.k, draft.seed, draft.fullD), opts);
    else spec = presetSpec(draft.mode, { ...opts, k: draft.k });
  } catch (e) {
    return { spec: null, errors: [e instanceof Error ? e.message : String(e)] };
  }
  const errors = validateSpec(spec);
  return errors.length === 0 ? { spec, errors } : { spec: null, errors };
}
