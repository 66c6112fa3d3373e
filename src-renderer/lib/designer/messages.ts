/** Places validateSpec's messages next to the field they are about (src-shared/mdm/validate.ts). */

export type Field = 'k' | 'q' | 'd' | 'beta0' | 'beta1' | 'sigmaV2' | 'general';

/** The field a validation message names first. */
export function fieldOf(message: string): Field {
  if (/^K\b/.test(message)) return 'k';
  if (/^Q\b/.test(message)) return 'q';
  if (/^D\b/.test(message)) return 'd';
  if (message.startsWith('β0 and β1')) return 'beta1';
  if (message.startsWith('β0')) return 'beta0';
  if (message.startsWith('β1')) return 'beta1';
  if (message.startsWith('σv²')) return 'sigmaV2';
  return 'general';
}

/** Messages grouped by field, in their original order. */
export function messagesByField(messages: readonly string[]): Map<Field, string[]> {
  const out = new Map<Field, string[]>();
  for (const m of messages) {
    const field = fieldOf(m);
    out.set(field, [...(out.get(field) ?? []), m]);
  }
  return out;
}

/** The cells a message names, as "i-j" keys of the given matrix ('Q' or 'D'); a diagonal D[i][i] too. */
export function cellsNamed(messages: readonly string[], name: 'Q' | 'D'): Set<string> {
  const cells = new Set<string>();
  const pattern = new RegExp(`${name}\\[(\\d+)\\]\\[(\\d+)\\]`, 'g');
  for (const m of messages) for (const [, i, j] of m.matchAll(pattern)) cells.add(`${i}-${j}`);
  return cells;
}
