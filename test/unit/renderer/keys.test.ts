import { describe, expect, it } from 'vitest';
import { sampleStep } from '../../../src-renderer/lib/runs/keys';

describe('sampleStep', () => {
  it('steps back on "," and on on ".", and ignores every other key', () => {
    expect(sampleStep({ key: ',' })).toBe(-1);
    expect(sampleStep({ key: '.' })).toBe(1);
    for (const key of ['p', '<', '>', 'ArrowLeft', '']) expect(sampleStep({ key })).toBe(0);
  });
});
