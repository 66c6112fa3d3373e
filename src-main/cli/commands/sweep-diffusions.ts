import type { Handlers } from '#shared/api/contract';
import { DESIGN_PREFIX } from '#shared/api/designs';
import { diffusionChoiceFromName } from '#shared/config/diffusion-choice';
import type { SweepSpec } from '#shared/config/sweep';
import { MdmError } from '#shared/errors';
import { call } from '../runs/call';

/** `--diffusions` entries as sweep rows: preset names as themselves, `design:NAME` as that saved design, labelled NAME. */
export async function sweepDiffusions(
  handlers: Handlers,
  entries: string[],
): Promise<SweepSpec['diffusions']> {
  const wanted = entries.some((e) => e.startsWith(DESIGN_PREFIX));
  const designs = wanted ? await call(handlers, 'designs-list', {}) : [];
  return entries.map((entry) => {
    if (!entry.startsWith(DESIGN_PREFIX))
      return { label: entry, choice: diffusionChoiceFromName(entry) };
    const name = entry.slice(DESIGN_PREFIX.length);
    const design = designs.find((d) => d.name === name);
    if (!design)
      throw new MdmError(
        'not_found',
        `--diffusions: no saved design is named '${name}' ` +
          (designs.length > 0
            ? `(saved: ${designs.map((d) => d.name).join(', ')})`
            : '(none saved yet: `mdm diffusion designs save NAME --q JSON --d JSON`)'),
        { field: 'diffusions' },
      );
    return { label: design.name, choice: design.choice };
  });
}
