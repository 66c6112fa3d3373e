/** The designer's editable state and the DiffusionSpec it stands for (docs/science.md §2). */
import {
  customSpec,
  learnedSpec,
  presetSpec,
  randomLearnedParams,
  type DiffusionSpec,
  type PresetName,
} from '#shared/mdm/spec';
import { validateSpec } from '#shared/mdm/validate';
import { matrixFromText, parseEntry, type TextMatrix } from './matrix-text';

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
