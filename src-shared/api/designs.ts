/** Saved diffusion designs: a named DiffusionChoice kept in the run store for the designer and sweeps. */
import * as s from './schema';
import { diffusionChoiceFromName } from '../config/diffusion-choice';
import type { DiffusionChoice } from '../config/run-config';

export interface SavedDesign {
  id: number;
  /** Unique; a sweep row made from the design carries it as its label. */
  name: string;
  choice: DiffusionChoice;
  createdAt: number;
}

/** How the CLI names a saved design among diffusion names: `design:NAME`. */
export const DESIGN_PREFIX = 'design:';

/** Whether a name is a preset's (vpsde, malda-4, learned-3, …), which a design may not take. */
function isPresetName(name: string): boolean {
  try {
    diffusionChoiceFromName(name);
    return true;
  } catch {
    return false;
  }
}

/** A design's name: 1 to 100 characters without spaces at either end, no comma, not a preset's name. */
export const designNameSchema = s.guard(
  (v): v is string =>
    typeof v === 'string' &&
    v.length <= 100 &&
    /^\S(.*\S)?$/.test(v) &&
    !v.includes(',') &&
    !isPresetName(v),
  "a name of 1 to 100 characters, no comma, no spaces at either end, not a preset's (vpsde, learned-2, …)",
);
