import { describe, expect, it } from 'vitest';
import { contract, type Handlers, isHandlerName, parseRequest } from '#shared/api/contract';

describe('contract', () => {
  it('knows its handlers and nothing else', () => {
    expect(isHandlerName('system-info')).toBe(true);
    expect(isHandlerName('toString')).toBe(false);
    expect(Object.keys(contract)).toContain('system-info');
  });

  it('validates requests at the boundary', () => {
    expect(parseRequest('system-info', {})).toEqual({});
    expect(() => parseRequest('system-info', { verbose: true })).toThrow(
      'verbose: is not a known field',
    );
  });

  it('makes a backend without every handler a compile error', () => {
    // @ts-expect-error 'system-info' is missing: the compiler must reject this object.
    const incomplete: Handlers = {};
    expect(incomplete).toEqual({});
  });
});
