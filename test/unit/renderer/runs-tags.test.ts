import { describe, expect, it } from 'vitest';
import { addTags, tagProblem } from '../../../src-renderer/lib/runs/tags';

describe('editing tags on the run page', () => {
  it('adds comma-separated tags, trimmed, without duplicates or empty ones', () => {
    expect(addTags(['paper'], ' lr-sweep, paper,, wide mlp ')).toEqual([
      'paper',
      'lr-sweep',
      'wide mlp',
    ]);
    expect(addTags(['paper'], ' , ')).toEqual(['paper']);
  });

  it('names what the server would refuse, in words', () => {
    expect(tagProblem(['ok'])).toBeNull();
    expect(tagProblem(['x'.repeat(51)])).toBe('A tag has at most 50 characters.');
    expect(tagProblem(Array.from({ length: 33 }, (_, i) => `t${i}`))).toBe(
      'A run has at most 32 tags.',
    );
  });
});
