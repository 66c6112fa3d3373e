import { describe, expect, it } from 'vitest';
import { parseRunFilter, tagFilter } from '../../../src-renderer/lib/runs/filter-text';

describe('the runs filter box', () => {
  it('reads tag:NAME as an exact tag and the rest as text', () => {
    expect(parseRunFilter('tag:lr-sweep')).toEqual({ tag: 'lr-sweep' });
    expect(parseRunFilter('  diverged tag:lr-sweep  ')).toEqual({
      text: 'diverged',
      tag: 'lr-sweep',
    });
    expect(parseRunFilter('tag:"wide mlp" moons')).toEqual({ tag: 'wide mlp', text: 'moons' });
    expect(parseRunFilter('higher lr')).toEqual({ text: 'higher lr' });
    expect(parseRunFilter('   ')).toEqual({});
    // Only a word that starts with tag: is a tag.
    expect(parseRunFilter('pretag:x')).toEqual({ text: 'pretag:x' });
  });

  it('writes the filter for a clicked tag so it reads back as that tag', () => {
    for (const tag of ['lr-sweep', 'wide mlp', 'sweep:3'])
      expect(parseRunFilter(tagFilter(tag))).toEqual({ tag });
  });
});
