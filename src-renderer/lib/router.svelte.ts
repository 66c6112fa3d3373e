/** A hash router: `#/runs`, `#/new`, … so reloads and the back button work in Electron and browsers. */
export type Route = { view: 'runs' } | { view: 'new' };

function parse(hash: string): Route {
  const [, view] = hash.replace(/^#/, '').split('/');
  return view === 'new' ? { view: 'new' } : { view: 'runs' };
}

class Router {
  route: Route = $state(parse(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => (this.route = parse(window.location.hash)));
  }

  go(path: string): void {
    window.location.hash = path;
  }
}

export const router = new Router();
