/** A hash router: `#/runs`, `#/runs/12`, `#/compare?ids=1,2`, `#/new`, so reloads and the back button work in Electron and browsers. */
import { parseRoute, routePath, type Route } from './runs/route';

export type { Route };

class Router {
  route: Route = $state(parseRoute(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => (this.route = parseRoute(window.location.hash)));
  }

  go(path: string): void {
    window.location.hash = path;
  }

  open(route: Route): void {
    this.go(routePath(route));
  }
}

export const router = new Router();
