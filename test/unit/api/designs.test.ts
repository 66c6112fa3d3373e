import { describe, expect, it } from 'vitest';
import { designNameSchema, sweepDiffusions, type SavedDesign } from '#shared/api/designs';

const rotor: SavedDesign = {
  id: 1,
  name: 'rotor',
  choice: { preset: 'custom', q: [[0]], d: [[1]] },
  createdAt: 0,
};

describe('saved designs in sweeps', () => {
  it('reads presets by name and design:NAME as the saved design, labelled NAME', () => {
    expect(sweepDiffusions(['vpsde', 'learned-3', 'design:rotor'], [rotor])).toEqual([
      { label: 'vpsde', choice: { preset: 'vpsde' } },
      { label: 'learned-3', choice: { preset: 'learned', k: 3, fullD: false } },
      { label: 'rotor', choice: rotor.choice },
    ]);
  });

  it('names an unknown design and the saved ones', () => {
    expect(() => sweepDiffusions(['design:nope'], [rotor])).toThrow(
      "diffusions: no saved design is named 'nope' (saved: rotor)",
    );
    expect(() => sweepDiffusions(['design:nope'], [])).toThrow('(none saved yet)');
  });

  it("refuses a design name that is empty, too long, has a comma or is a preset's", () => {
    expect(designNameSchema.parse('cld by hand')).toBe('cld by hand');
    for (const name of ['', ' x', 'x'.repeat(101), 'a,b', 'cld', 'malda-4', 'learned-2-full'])
      expect(() => designNameSchema.parse(name, 'name')).toThrow(/^name: expected a name of 1/);
  });
});
