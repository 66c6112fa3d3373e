import { existsSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Handlers } from '#shared/api/contract';
import { httpStatusOf, type Envelope } from '#shared/api/errors';
import { errorPayload, isMdmError, MdmError } from '#shared/errors';
import { dispatch } from '../dispatch';
import type { EventBus } from '../events';
import { newToken, requestToken, sameOrigin, tokensMatch } from './auth';
import { serveStatic } from './static-files';
import type { ExtraRoutes } from './worker-routes';

export interface HttpServerOptions {
  handlers: Handlers;
  events: EventBus;
  host: string;
  port: number;
  /** The built renderer (out/renderer); null serves the API only. */
  rendererDir: string | null;
  token?: string;
  /** Routes outside /api/ with their own authentication (the remote workers', http/worker-routes.ts). */
  routes?: ExtraRoutes;
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

function streamEvents(events: EventBus, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = events.subscribe((name, payload) => {
    res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

/** The contract over HTTP + server-sent events for `mdm serve`: loopback by default, token required. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const token = options.token ?? newToken();
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const allowedHosts = wildcard ? null : new Set<string>();
  const rendererDir =
    options.rendererDir && existsSync(path.join(options.rendererDir, 'index.html'))
      ? path.resolve(options.rendererDir)
      : null;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestUrl(req.url);
    if (!sameOrigin(req, allowedHosts)) {
      throw new MdmError('forbidden', 'cross-origin request refused');
    }
    if (options.routes?.(req, res, url)) return;
    if (!url.pathname.startsWith('/api/')) {
      if (!rendererDir)
        throw new MdmError('unavailable', 'the UI is not built: run `npm run build`');
      serveStatic(rendererDir, url.pathname, res);
      return;
    }
    if (!tokensMatch(requestToken(req, url), token)) {
      throw new MdmError('unauthorized', 'missing or wrong token');
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      streamEvents(options.events, req, res);
      return;
    }
    await handleApiCall(url.pathname.slice('/api/'.length), options.handlers, req, res);
  }

  // The one top-level guard: whatever a request does, it ends in an answer, never in the process.
  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => answerFailure(res, error));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  for (const name of [hostInUrl, 'localhost', '127.0.0.1', '[::1]'])
    allowedHosts?.add(`${name}:${port}`);
  const url = `http://${hostInUrl}:${port}`;
  return {
    url,
    browserUrl: `${url}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
