import { rmSync } from 'node:fs';
import net from 'node:net';
import type { Handlers } from '#shared/api/contract';
import type { Envelope } from '#shared/api/errors';
import { errorPayload, MdmError } from '#shared/errors';
import { dispatch } from '../dispatch';
import {
  controlRequest,
  maxRequestChars,
  STARTING_CALLS,
  type ControlCall,
} from './control-protocol';

export interface ControlServerOptions {
  /** The endpoint of control-endpoint.ts; a socket file there is a dead owner's and is replaced. */
  endpoint: string;
  handlers: Pick<Handlers, ControlCall>;
  /** False for owners that train only their own runs and exit after them (`mdm train`, `mdm sweep create`): they refuse STARTING_CALLS. */
  startsRuns: boolean;
}

/** A request line as JSON; 'invalid' when it is not JSON or (null) longer than the owner reads. */
function parseLine(line: string | null): unknown {
  if (line === null)
    throw new MdmError('invalid', `control request: longer than ${maxRequestChars} characters`);
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new MdmError('invalid', 'control request: not a JSON line');
  }
}

/** Answers one request line: validated by the protocol's and the contract's schemas, then the same handler a local call uses. */
async function answer(
  line: string | null,
  options: ControlServerOptions,
): Promise<Envelope<unknown>> {
  try {
    const { call, request } = controlRequest.parse(parseLine(line));
    if (!options.startsRuns && STARTING_CALLS.includes(call))
      throw new MdmError(
        'unavailable',
        `pid ${process.pid} trains only the runs it started (mdm train, mdm sweep create) and exits after them: start or resume runs once it has ended, or from mdm serve or the app`,
      );
    return await dispatch(options.handlers as Handlers, call, request);
  } catch (error) {
    return { ok: false, error: errorPayload(error) };
  }
}

/**
 * The owner's control endpoint: one JSON line in (`{call, request}`), one envelope line out; only
 * its user can connect (mode 0600). Closing it removes the socket file (libuv unlinks it).
 */
export function serveControl(options: ControlServerOptions): { close(): Promise<void> } {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end < 0 && buffered.length <= maxRequestChars) return;
      socket.pause();
      const line = end < 0 || end > maxRequestChars ? null : buffered.slice(0, end);
      void answer(line, options).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  });
  server.on('error', (error) =>
    console.error(
      `could not take requests on ${options.endpoint} (${error.message}): other processes cannot change runs here`,
    ),
  );
  // A socket file left here is a dead owner's: this process holds the lock now.
  if (process.platform !== 'win32') rmSync(options.endpoint, { force: true });
  // Created owner-only: the socket file's mode is fixed when it is bound.
  const umask = process.umask(0o177);
  try {
    server.listen(options.endpoint);
  } finally {
    process.umask(umask);
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
