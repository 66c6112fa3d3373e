import { invalid } from './errors';

/** Requires an integer no smaller than min. */
export function requireInt(name: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Requires a non-empty string (after trimming). */
export function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${name} must be a non-empty string, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Requires a list of non-empty strings, returning it without duplicates. */
export function requireTags(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalid(`tags must be an array of strings.`);
  return [...new Set(value.map((tag, i) => requireText(`tags[${i}]`, tag)))];
}

/** Requires a plain JSON object (a run config, a sample's meta). */
export function requireObject(name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${name} must be an object.`);
  }
  return value as Record<string, unknown>;
}
