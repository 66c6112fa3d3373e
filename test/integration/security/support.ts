import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import type { HttpServerOptions, RunningHttpServer } from '../../../src-main/backend/http/server';
import { createBackendService, type BackendService } from '../../../src-main/backend/service';
import { serveApi } from '../serve-api';

export interface SecurityTarget {
  server: RunningHttpServer;
  service: BackendService;
  dataDir: string;
  close(): Promise<void>;
}

/** A real `mdm serve` stack on loopback over a fresh data directory and a tiny built UI. */
export async function startTarget(extra: Partial<HttpServerOptions> = {}): Promise<SecurityTarget> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mdm-security-'));
  const rendererDir = path.join(dataDir, '..', `${path.basename(dataDir)}-ui`);
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MDM Studio</title>');
  const service = createBackendService({
    dataDir,
    probeBackends: probeComputeBackends,
    manageRuns: false,
  });
  const server = await serveApi(service, { rendererDir, ...extra });
  return {
    server,
    service,
    dataDir,
    close: async () => {
      await server.close();
      await service.close();
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request sent with its path exactly as given (like `curl --path-as-is`), no URL normalising. */
export function rawRequest(
  baseUrl: string,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        host: url.hostname,
        port: url.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
        // The tests' self-signed certificate.
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A contract call over the real HTTP transport with the Bearer token. */
export async function callApi(
  target: SecurityTarget,
  name: string,
  body: unknown,
): Promise<{ status: number; json: { ok: boolean; error?: { code: string; message: string } } }> {
  const response = await fetch(`${target.server.url}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${target.server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as never };
}

/** Whether the server still answers an ordinary authenticated call. */
export async function stillAnswers(target: SecurityTarget): Promise<boolean> {
  const { status } = await callApi(target, 'system-info', {});
  return status === 200;
}
