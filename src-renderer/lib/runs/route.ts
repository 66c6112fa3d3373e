/** Hash routes of the app, parsed and printed without touching window (so they unit-test). */
import { LOCAL_SERVER } from '#shared/api/servers';
import { parseRef, refKey, type RunRef } from '../servers/ref';

export type Route =
  | { view: 'runs' }
  | { view: 'new'; from?: number }
  /** `server` only for a remote server's run. */
  | { view: 'run'; id: number; server?: string }
  | { view: 'compare'; refs: RunRef[] }
  | { view: 'across'; refs: RunRef[] }
  | { view: 'sweeps' }
  | { view: 'sweep'; id: number };

function positiveInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
}

/**
 * `#/runs`, `#/runs/12`, `#/runs/gpu:3` (a remote's), `#/compare?ids=1,gpu:3`, `#/across?ids=1,2,gpu:3`,
 * `#/new`, `#/new?from=12` (duplicate run 12 and edit), `#/sweeps`, `#/sweeps/3`; anything else is
 * the runs page.
 */
export function parseRoute(hash: string): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = pathPart.split('/').filter(Boolean);
  if (parts[0] === 'new') {
    const from = positiveInt(new URLSearchParams(query).get('from') ?? undefined);
    return from === null ? { view: 'new' } : { view: 'new', from };
  }
  if (parts[0] === 'runs' && parts[1] !== undefined) {
    const ref = parseRef(decodeURIComponent(parts[1]));
    if (ref !== null)
      return ref.server === LOCAL_SERVER
        ? { view: 'run', id: ref.id }
        : { view: 'run', id: ref.id, server: ref.server };
  }
  if (parts[0] === 'sweeps') {
    const id = positiveInt(parts[1]);
    return id === null ? { view: 'sweeps' } : { view: 'sweep', id };
  }
  if (parts[0] === 'compare' || parts[0] === 'across') {
    const refs = (new URLSearchParams(query).get('ids') ?? '')
      .split(',')
      .map((s) => parseRef(s.trim()))
      .filter((r): r is RunRef => r !== null);
    const unique = new Map(refs.map((r) => [refKey(r), r]));
    return { view: parts[0], refs: [...unique.values()] };
  }
  return { view: 'runs' };
}

export function routePath(route: Route): string {
  switch (route.view) {
    case 'new':
      return route.from === undefined ? '/new' : `/new?from=${route.from}`;
    case 'run':
      return `/runs/${refKey({ server: route.server ?? LOCAL_SERVER, id: route.id })}`;
    case 'compare':
    case 'across':
      return `/${route.view}?ids=${route.refs.map(refKey).join(',')}`;
    case 'sweeps':
      return '/sweeps';
    case 'sweep':
      return `/sweeps/${route.id}`;
    default:
      return '/runs';
  }
}
