import { existsSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Handlers } from '#shared/api/contract';
import { DOWNLOAD_PATH, parseDownloadQuery, type RunDownload } from '#shared/api/downloads';
import { httpStatusOf, type Envelope } from '#shared/api/errors';
import { errorPayload, isMdmError, MdmError } from '#shared/errors';
import { dispatch } from '../dispatch';
import type { ExportFile } from '../export/run-export';
import type { EventBus } from '../events';
import {
  cookieName,
  hostHeaders,
  newToken,
  requestToken,
  sameOrigin,
  sessionCookie,
  tokensMatch,
} from './auth';
import { boundNames, checkBinding, isWildcard } from './binding';
import { sendDownload } from './download-route';
import { EventStream, type EventStreamOptions } from './event-stream';
import { serveStatic } from './static-files';
import type { ExtraRoutes } from './worker-routes';

export interface HttpServerOptions {
  handlers: Handlers;
  events: EventBus;
  /** A run export as a browser download (GET /api/download); absent: the route answers unavailable. */
  download?: (request: RunDownload) => Promise<ExportFile>;
  /** Bounds of the event stream (client count, replay buffer, per-client backlog). */
  eventStream?: EventStreamOptions;
  host: string;
  port: number;
  /** The built renderer (out/renderer); null serves the API only. */
  rendererDir: string | null;
  token?: string;
  /** Routes outside /api/ with their own authentication (the remote workers', http/worker-routes.ts). */
  routes?: ExtraRoutes;
  /** Host names a browser may use besides loopback and the bound address (e.g. `gpu-box.lan`). */
  allowedHosts?: string[];
  /** Binding beyond loopback is refused without this (and `tls`). */
  allowRemote?: boolean;
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface RunningHttpServer {
  url: string;
  /** The URL to open in a browser: it carries the token. */
  browserUrl: string;
  token: string;
  close(): Promise<void>;
}

const maxBodyBytes = 16 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function sendEnvelope(res: ServerResponse, envelope: Envelope<unknown>): void {
  sendJson(res, envelope.ok ? 200 : httpStatusOf[envelope.error.code], envelope);
}

function sendError(res: ServerResponse, error: MdmError): void {
  sendEnvelope(res, { ok: false, error: errorPayload(error) });
}

/** Our own errors answer with their code; anything else is a bug: logged, answered 500, process kept. */
function answerFailure(res: ServerResponse, error: unknown): void {
  if (!isMdmError(error) || error.code === 'internal') {
    console.error('mdm serve: request failed:', error);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, isMdmError(error) ? error : new MdmError('internal', 'internal error'));
}

/** The request target as a URL; a target that does not parse is the client's error. */
function parseRequestUrl(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://placeholder');
  } catch {
    throw new MdmError('invalid', 'request target is not a valid URL');
  }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes)
      throw new MdmError('invalid', `request body exceeds ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new MdmError('invalid', 'request body is not valid JSON');
  }
}

async function handleApiCall(
  name: string,
  handlers: Handlers,
  req: IncomingMessage,
  res: ServerResponse,
) {
  if (req.method !== 'POST') throw new MdmError('invalid', `use POST for /api/${name}`);
  sendEnvelope(res, await dispatch(handlers, name, await readJsonBody(req)));
}

/** Answers the page load's `?token=` by setting the session cookie and reloading without it (out of history and logs). */
function exchangeToken(res: ServerResponse, url: URL, cookie: string): void {
  url.searchParams.delete('token');
  const search = url.searchParams.size > 0 ? `?${url.searchParams.toString()}` : '';
  // One leading slash whatever the path: '//host' would send the browser elsewhere.
  res.writeHead(303, {
    Location: `/${url.pathname.replace(/^\/+/, '')}${search}`,
    'Set-Cookie': cookie,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  });
  res.end();
}

function createServer(
  tls: HttpServerOptions['tls'],
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): http.Server {
  if (!tls) return http.createServer(listener);
  try {
    return https.createServer({ cert: tls.cert, key: tls.key }, listener);
  } catch (error) {
    throw new MdmError(
      'invalid',
      `--tls-cert and --tls-key are not a usable PEM certificate and key (${(error as Error).message})`,
    );
  }
}

/** The contract over HTTP(S) + server-sent events for `mdm serve`: loopback by default, token required. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  checkBinding(options.host, options.allowRemote ?? false, options.tls !== undefined);
  const token = options.token ?? newToken();
  const scheme = options.tls ? 'https' : 'http';
  // Filled in once the port is known; until then nothing is accepted.
  let allowedHosts = new Set<string>();
  let cookie = '';
  const rendererDir =
    options.rendererDir && existsSync(path.join(options.rendererDir, 'index.html'))
      ? path.resolve(options.rendererDir)
      : null;

  const stream = new EventStream(options.events, options.eventStream);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestUrl(req.url);
    if (!sameOrigin(req, allowedHosts, scheme)) {
      throw new MdmError('forbidden', 'cross-origin request refused');
    }
    if (options.routes?.(req, res, url)) return;
    if (!url.pathname.startsWith('/api/')) {
      if (!rendererDir)
        throw new MdmError('unavailable', 'the UI is not built: run `npm run build`');
      const given = url.searchParams.get('token');
      if (req.method === 'GET' && given !== null && tokensMatch(given, token)) {
        exchangeToken(res, url, sessionCookie(cookie, token, scheme === 'https'));
        return;
      }
      serveStatic(rendererDir, url.pathname, res);
      return;
    }
    if (!tokensMatch(requestToken(req, url, cookie), token)) {
      throw new MdmError('unauthorized', 'missing or wrong token');
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (!stream.open(req, res, url))
        throw new MdmError('unavailable', 'too many event streams are open: close one and retry');
      return;
    }
    if (url.pathname === DOWNLOAD_PATH) {
      if (req.method !== 'GET') throw new MdmError('invalid', `use GET for ${DOWNLOAD_PATH}`);
      if (!options.download) throw new MdmError('unavailable', 'this server offers no downloads');
      await sendDownload(res, await options.download(parseDownloadQuery(url.searchParams)));
      return;
    }
    await handleApiCall(url.pathname.slice('/api/'.length), options.handlers, req, res);
  }

  // The one top-level guard: whatever a request does, it ends in an answer, never in the process.
  const server = createServer(options.tls, (req, res) => {
    route(req, res).catch((error: unknown) => answerFailure(res, error));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = hostHeaders(
    [...boundNames(options.host), ...(options.allowedHosts ?? [])],
    port,
    scheme,
  );
  cookie = cookieName(port);
  const local = isWildcard(options.host) ? '127.0.0.1' : options.host;
  const inUrl = (name: string) =>
    name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  const url = `${scheme}://${inUrl(local)}:${port}`;
  const shown = options.allowedHosts?.[0] ?? local;
  return {
    url,
    browserUrl: `${scheme}://${inUrl(shown)}:${port}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        stream.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
