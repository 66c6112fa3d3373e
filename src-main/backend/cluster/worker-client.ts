import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { MdmError } from '#shared/errors';
import { WORKER_PATH } from './wire';

/** How long a worker keeps retrying an owner it cannot reach before it gives up. */
const GIVE_UP_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** HTTP to the owner's worker routes with the job's token; retries while the owner is unreachable or restarting. */
export class WorkerClient {
  constructor(
    private readonly server: string,
    private readonly runId: number,
    private readonly token: string,
  ) {}

  async json<T>(route: string, body: unknown): Promise<T> {
    const response = await this.request('POST', route, () => JSON.stringify(body), {
      'Content-Type': 'application/json',
    });
    return (await response.json()) as T;
  }

  /** Streams a local file to the owner (a checkpoint file). */
  async upload(route: string, file: string): Promise<void> {
    const size = statSync(file).size;
    const response = await this.request(
      'PUT',
      route,
      () => Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
    );
    await response.arrayBuffer();
  }

  async download(route: string): Promise<Buffer> {
    const response = await this.request('GET', route, () => undefined, {});
    return Buffer.from(await response.arrayBuffer());
  }

  private async request(
    method: string,
    route: string,
    body: () => string | ReadableStream<Uint8Array> | undefined,
    headers: Record<string, string>,
  ): Promise<Response> {
    const url = `${this.server}${WORKER_PATH}${this.runId}/${route}`;
    const deadline = Date.now() + GIVE_UP_MS;
    for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
      let problem: string;
      try {
        const payload = body();
        const response = await fetch(url, {
          method,
          headers: { ...headers, Authorization: `Bearer ${this.token}` },
          body: payload,
          ...(payload instanceof ReadableStream ? { duplex: 'half' } : {}),
        } as RequestInit);
        if (response.ok) return response;
        const text = await response.text();
        const message = (() => {
          try {
            return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
          } catch {
            return text;
          }
        })();
        if (response.status < 500)
          throw new MdmError(
            response.status === 401 ? 'unauthorized' : 'invalid',
            `the owner refused ${method} ${route}: ${message}`,
          );
        problem = `${response.status} ${message}`;
      } catch (error) {
        if (error instanceof MdmError) throw error;
        problem = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() + wait > deadline)
        throw new MdmError('unavailable', `cannot reach the owner at ${this.server}: ${problem}`);
      await sleep(wait);
    }
  }
}
