import type { RunningHttpServer } from '../../../src-main/backend/http/server';
import { createBackendService, type BackendOptions } from '../../../src-main/backend/service';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { serveApi } from '../serve-api';

/** An in-process `mdm serve` on a random port for the fault tests, and a typed way to call it. */
export interface TestServer {
  server: RunningHttpServer;
  call(name: string, body: unknown): Promise<{ status: number; body: ApiBody }>;
  close(): Promise<void>;
}

export interface ApiBody {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

export async function startTestServer(
  options: Partial<BackendOptions> & { dataDir: string },
): Promise<TestServer> {
  const service = createBackendService({ probeBackends: probeComputeBackends, ...options });
  const server = await serveApi(service);
  return {
    server,
    call: async (name, body) => {
      const response = await fetch(`${server.url}/api/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as ApiBody };
    },
    close: async () => {
      await server.close();
      await service.close();
    },
  };
}
