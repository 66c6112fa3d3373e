import { createReadStream, createWriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { MdmError } from '#shared/errors';
import { httpStatusOf } from '#shared/api/errors';
import type { SlurmExecutor } from '../cluster/slurm-executor';
import { CHECKPOINT_FILE, WORKER_PATH, type MessageBatch, type WorkerHello } from '../cluster/wire';
import { bearerToken } from './auth';

/** Handles a request outside /api/ when it is one of its paths; false leaves it to the server. */
export type ExtraRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/** A batch of worker messages may carry samples (PNG as base64): 64 MiB is ample. */
const maxBatchBytes = 64 * 1024 * 1024;

const ROUTE =
  /^\/worker\/runs\/(\d+)\/(hello|messages|resume\/([^/]+)|checkpoints\/(\d+)\/([^/]+))$/;

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, error: MdmError): void {
  reply(res, httpStatusOf[error.code], {
    ok: false,
    error: { code: error.code, message: error.message },
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBatchBytes)
      throw new MdmError('invalid', `worker request exceeds ${maxBatchBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new MdmError('invalid', 'worker request body is not valid JSON');
  }
}

function isBatch(value: unknown): value is MessageBatch {
  const batch = value as MessageBatch | null;
  return (
    typeof batch === 'object' &&
    batch !== null &&
    Number.isInteger(batch.seq) &&
    Array.isArray(batch.messages) &&
    batch.messages.every(
      (m) => typeof m === 'object' && m !== null && typeof m.type === 'string',
    ) &&
    (batch.outputTail === undefined || typeof batch.outputTail === 'string')
  );
}

/**
 * The routes `mdm worker` talks to (cluster/wire.ts), each authenticated with its job's own token:
 * a wrong token, or another run's, is refused before anything is read or written.
 */
export function workerRoutes(executor: SlurmExecutor): ExtraRoutes {
  return (req, res, url) => {
    if (!url.pathname.startsWith(WORKER_PATH)) return false;
    const match = ROUTE.exec(url.pathname);
    if (!match) {
      refuse(res, new MdmError('not_found', `no worker route ${url.pathname}`));
      return true;
    }
    const channel = executor.authorize(Number(match[1]), bearerToken(req));
    if (!channel) {
      refuse(
        res,
        new MdmError('unauthorized', `wrong token for run ${match[1]}, or its job has ended`),
      );
      return true;
    }
    const [, , action, resumeName, step, uploadName] = match;
    const handle = async () => {
      if (action === 'hello' && req.method === 'POST') {
        reply(res, 200, channel.hello((await readJson(req)) as WorkerHello));
      } else if (action === 'messages' && req.method === 'POST') {
        const batch = await readJson(req);
        if (!isBatch(batch)) throw new MdmError('invalid', 'worker batch needs seq, messages[]');
        reply(res, 200, channel.receive(batch));
      } else if (resumeName !== undefined && req.method === 'GET') {
        const file = CHECKPOINT_FILE.test(resumeName) ? channel.resumeFile(resumeName) : null;
        if (!file)
          throw new MdmError('not_found', `the resume checkpoint has no file ${resumeName}`);
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        await pipeline(createReadStream(file), res);
      } else if (uploadName !== undefined && req.method === 'PUT') {
        if (!CHECKPOINT_FILE.test(uploadName))
          throw new MdmError('invalid', `checkpoint file name ${uploadName} is not allowed`);
        await pipeline(req, createWriteStream(channel.uploadPath(Number(step), uploadName)));
        reply(res, 200, { ok: true });
      } else {
        throw new MdmError(
          'invalid',
          `use ${action === 'resume' ? 'GET' : 'POST or PUT'} for ${url.pathname}`,
        );
      }
    };
    handle().catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else refuse(res, error instanceof MdmError ? error : new MdmError('internal', String(error)));
    });
    return true;
  };
}
