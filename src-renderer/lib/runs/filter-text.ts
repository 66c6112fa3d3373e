/** The runs filter box: `tag:NAME` (or `tag:"two words"`) keeps the runs with that exact tag; the rest matches names, notes and tags. */
export function parseRunFilter(input: string): { text?: string; tag?: string } {
  const match = /(?:^|\s)tag:(?:"([^"]+)"|(\S+))/.exec(input);
  const tag = match ? (match[1] ?? match[2]) : undefined;
  const text = (match ? input.replace(match[0], ' ') : input).trim();
  return { ...(text ? { text } : {}), ...(tag ? { tag } : {}) };
}

/** The filter text that shows the runs tagged `tag`. */
export function tagFilter(tag: string): string {
  return /\s/.test(tag) ? `tag:"${tag}"` : `tag:${tag}`;
}
