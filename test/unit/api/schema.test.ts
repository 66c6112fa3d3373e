import { describe, expect, it } from 'vitest';
import * as s from '#shared/api/schema';

describe('schema', () => {
  const runRequest = s.object({
    name: s.string({ minLength: 1 }),
    steps: s.number({ integer: true, min: 1 }),
    tags: s.optional(s.array(s.string())),
    sampling: s.literal('importance', 'uniform'),
  });

  it('accepts a valid payload and keeps its values', () => {
    const value = runRequest.parse({ name: 'a', steps: 3, sampling: 'uniform' });
    expect(value).toEqual({ name: 'a', steps: 3, sampling: 'uniform' });
  });

  it.each([
    [{ steps: 3, sampling: 'uniform' }, 'name: is required'],
    [{ name: 'a', steps: 2.5, sampling: 'uniform' }, 'steps: expected an integer, got number 2.5'],
    [{ name: 'a', steps: 0, sampling: 'uniform' }, 'steps: expected a number ≥ 1, got number 0'],
    [{ name: 'a', steps: 1, sampling: 'x' }, "sampling: expected one of 'importance', 'uniform'"],
    [{ name: 'a', steps: 1, sampling: 'uniform', tags: ['ok', 3] }, 'tags[1]: expected a string'],
    [{ name: 'a', steps: 1, sampling: 'uniform', stepz: 1 }, 'stepz: is not a known field'],
    [{ name: 'a', steps: Number.NaN, sampling: 'uniform' }, 'steps: expected a finite number'],
    [[], 'payload: expected an object, got an array'],
  ])('rejects %j naming the field', (payload, message) => {
    expect(() => runRequest.parse(payload)).toThrow(message);
  });
});
