import net from 'node:net';
import type { Envelope } from '#shared/api/errors';
import { MdmError } from '#shared/errors';
import type { ControlCall } from './control-protocol';
import type { LiveOwner } from './owner-lock';

/** How long a non-owner waits for the owner's answer (connecting included) before it gives up. */
const answerMs = 5_000;

/** One request on a fresh connection: the owner's reply envelope, or a rejection with the socket error. */
function exchange(
  endpoint: string,
  line: string,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Envelope<unknown>> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(endpoint);
    const abort = () => socket.destroy(new Error(`no answer within ${timeoutMs / 1000} s`));
    signal.addEventListener('abort', abort, { once: true });
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${line}\n`));
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      signal.removeEventListener('abort', abort);
      try {
        resolve(JSON.parse(reply) as Envelope<unknown>);
      } catch {
        reject(new Error(`an answer that is not JSON: ${reply.slice(0, 80)}`));
      }
    });
  });
}

/** Asks the live owner of `dataDir` to make one call (control-server.ts); its refusal comes back as the MdmError it raised there. */
export async function askOwner(
  dataDir: string,
  owner: LiveOwner,
  call: ControlCall,
  request: unknown,
  timeoutMs = answerMs,
): Promise<unknown> {
  const { control, pid } = owner;
  if (control === null)
    throw new MdmError(
      'unavailable',
      `runs in ${dataDir} are trained by pid ${pid}, an older MDM Studio that takes no requests from other processes: use that one`,
    );
  const signal = AbortSignal.timeout(timeoutMs);
  let why = `no answer within ${timeoutMs / 1000} s`;
  while (!signal.aborted) {
    try {
      const line = JSON.stringify({ call, request });
      const envelope = await exchange(control, line, signal, timeoutMs);
      if (envelope.ok) return envelope.result;
      throw MdmError.from(envelope.error);
    } catch (error) {
      if (error instanceof MdmError) throw error;
      why = (error as Error).message;
      // Not listening yet (it has just taken the lock) or not at all: try again until the deadline.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ECONNREFUSED') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new MdmError(
    'unavailable',
    `pid ${pid}, the process that trains ${dataDir}, did not answer on ${control} (${why}): stop or resume runs there, or end that process`,
  );
}
