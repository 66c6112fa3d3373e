/** Editing a run's tags in the form: the same limits as the runs-update contract. */

export const MAX_TAGS = 32;
export const MAX_TAG_LENGTH = 50;

/** The tags with those typed in `text` (comma-separated, trimmed) added, without duplicates. */
export function addTags(tags: readonly string[], text: string): string[] {
  const typed = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return [...new Set([...tags, ...typed])];
}

/** What is wrong with a list of tags, in words, or null when the server will take it. */
export function tagProblem(tags: readonly string[]): string | null {
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH);
  if (long !== undefined) return `A tag has at most ${MAX_TAG_LENGTH} characters.`;
  if (tags.length > MAX_TAGS) return `A run has at most ${MAX_TAGS} tags.`;
  return null;
}
