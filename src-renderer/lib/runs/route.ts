/** Hash routes of the app, parsed and printed without touching window (so they unit-test). */
export type Route =
  | { view: 'runs' }
  | { view: 'new'; from?: number }
  | { view: 'run'; id: number }
  | { view: 'compare'; ids: number[] }
  | { view: 'across'; ids: number[] }
  | { view: 'sweeps' }
  | { view: 'sweep'; id: number };

function positiveInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
}

/**
 * `#/runs`, `#/runs/12`, `#/compare?ids=1,2`, `#/across?ids=1,2,3`, `#/new`, `#/new?from=12`
 * (duplicate run 12 and edit), `#/sweeps`, `#/sweeps/3`; anything else is the runs page.
 */
export function parseRoute(hash: string): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = pathPart.split('/').filter(Boolean);
  if (parts[0] === 'new') {
    const from = positiveInt(new URLSearchParams(query).get('from') ?? undefined);
    return from === null ? { view: 'new' } : { view: 'new', from };
  }
  if (parts[0] === 'runs' && parts[1] !== undefined) {
    const id = positiveInt(parts[1]);
    if (id !== null) return { view: 'run', id };
  }
  if (parts[0] === 'sweeps') {
    const id = positiveInt(parts[1]);
    return id === null ? { view: 'sweeps' } : { view: 'sweep', id };
  }
  if (parts[0] === 'compare' || parts[0] === 'across') {
    const ids = (new URLSearchParams(query).get('ids') ?? '')
      .split(',')
      .map((s) => positiveInt(s.trim()))
      .filter((n): n is number => n !== null);
    return { view: parts[0], ids: [...new Set(ids)] };
  }
  return { view: 'runs' };
}

export function routePath(route: Route): string {
  switch (route.view) {
    case 'new':
      return route.from === undefined ? '/new' : `/new?from=${route.from}`;
    case 'run':
      return `/runs/${route.id}`;
    case 'compare':
    case 'across':
      return `/${route.view}?ids=${route.ids.join(',')}`;
    case 'sweeps':
      return '/sweeps';
    case 'sweep':
      return `/sweeps/${route.id}`;
    default:
      return '/runs';
  }
}
