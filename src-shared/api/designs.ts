/** Saved diffusion designs: a named DiffusionChoice kept in the run store for the designer and sweeps. */
import * as s from './schema';
import { diffusionChoiceFromName } from '../config/diffusion-choice';
import type { DiffusionChoice } from '../config/run-config';
import type { SweepSpec } from '../config/sweep';
import { MdmError } from '../errors';

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

/** Sweep rows from diffusion names: presets as themselves, `design:NAME` as that saved design, labelled NAME. */
export function sweepDiffusions(
  entries: readonly string[],
  designs: readonly SavedDesign[],
): SweepSpec['diffusions'] {
  return entries.map((entry) => {
    if (!entry.startsWith(DESIGN_PREFIX))
      return { label: entry, choice: diffusionChoiceFromName(entry) };
    const name = entry.slice(DESIGN_PREFIX.length);
    const design = designs.find((d) => d.name === name);
    if (!design)
      throw new MdmError(
        'not_found',
        `diffusions: no saved design is named '${name}' ` +
          (designs.length > 0
            ? `(saved: ${designs.map((d) => d.name).join(', ')})`
            : '(none saved yet)'),
        { field: 'diffusions' },
      );
    return { label: design.name, choice: design.choice };
  });
}
