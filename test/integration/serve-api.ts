import {
  startHttpServer,
  type HttpServerOptions,
  type RunningHttpServer,
} from '../../src-main/backend/http/server';
import type { BackendService } from '../../src-main/backend/service';

/** Serves a backend's handlers and events over HTTP on a free loopback port, without the UI unless `extra` gives one. */
export function serveApi(
  service: BackendService,
  extra: Partial<HttpServerOptions> = {},
): Promise<RunningHttpServer> {
  return startHttpServer({
    handlers: service.handlers('http'),
    events: service.events,
    download: (request) => service.download(request),
    host: '127.0.0.1',
    port: 0,
    rendererDir: null,
    ...extra,
  });
}
