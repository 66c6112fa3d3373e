import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '#shared/api/contract';
import { Rng } from '#shared/random';
import { PRESET_NAMES } from '#shared/mdm/spec';
import { RUN_EXPORTS } from '#shared/api/runs';

const REQUESTS = 5000;
const RAW_SHARE = 0.2;
const IN_FLIGHT = 8;
// Fixed so a failure replays; MDM_FUZZ_SEED explores others.
const SEED = Number(process.env.MDM_FUZZ_SEED ?? 13);

const handlerNames = Object.keys(contract);
const fieldNames = [
  ...['runId', 'what', 'fileName', 'folder', 'overwrite', 'config', 'name', 'key', 'sort'],
  ...['filter', 'limit', 'offset', 'maxPoints', 'count', 'diffusion', 'preset', 'k', 'q', 'd'],
  ...['checkpoint', 'steps', 'method', 'seed', 'samples', 'sampleId', 'afterId', 'force'],
  ...['__proto__', 'constructor', 'status', 'dir', 'text', 'metricKeys', 'images', 'backend'],
];
const strings = [
  ...['', '.', '..', '../../etc/passwd', '/etc', 'mdm.sqlite', 'a\u0000b', '%ff', 'é', '\ud800'],
  ...['mnist', 'two-moons', 'loss', 'em', 'ode', 'cpu', 'auto', 'asc', 'metric:loss:last'],
  ...PRESET_NAMES,
  ...RUN_EXPORTS,
  'x'.repeat(5000),
];
const numbers = [0, 1, 2, -1, 0.5, 1e308, -1e308, 2 ** 53, 64, 100_000, 4096];

let rng: Rng;
const pick = <T>(list: readonly T[]): T => list[rng.int(list.length)]!;

function randomJson(depth: number): unknown {
  const kind = rng.int(depth > 3 ? 4 : 7);
  if (kind === 0) return pick(numbers);
  if (kind === 1) return pick(strings);
  if (kind === 2) return rng.uniform() < 0.5;
  if (kind === 3) return null;
  if (kind === 4) return Array.from({ length: rng.int(4) }, () => randomJson(depth + 1));
  const entries = Array.from({ length: 1 + rng.int(4) }, () => [
    pick(fieldNames),
    randomJson(depth + 1),
  ]);
  return Object.fromEntries(entries);
}

function randomBody(): string {
  switch (rng.int(6)) {
    case 0:
      return '';
    case 1:
      return '['.repeat(1 + rng.int(100_000));
    case 2:
      return Buffer.from(Array.from({ length: rng.int(200) }, () => rng.int(256))).toString(
        'latin1',
      );
    default:
      return JSON.stringify(randomJson(0));
  }
}

const pathChars = 'abc/.%?&=#;:@!$*+,~-_0123456789ABCDEFff';

/** `text` as UTF-8 bytes with everything but unreserved characters percent-encoded (lone surrogates too). */
function percentEncode(text: string): string {
  return [...Buffer.from(text)]
    .map((b) =>
      /[\w.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16)}`,
    )
    .join('');
}

/** A random request target of characters http.request accepts (0x21..0x7e); raw requests send the rest. */
function randomPath(token: string): string {
  const base = pick([
    '/',
    `/api/${pick(handlerNames)}`,
    `/api/${pick(handlerNames)}`,
    '/api/events',
    `/api/${percentEncode(pick(strings).slice(0, 20))}`,
    '/index.html',
    '/assets/',
    '/worker/runs/1/hello',
  ]);
  let tail = '';
  for (let i = rng.int(12); i > 0; i--) {
    tail += rng.uniform() < 0.3 ? `%${rng.int(256).toString(16)}` : pick([...pathChars]);
  }
  const query = rng.uniform() < 0.2 ? `?token=${rng.uniform() < 0.5 ? token : 'nope'}` : '';
  return base + tail + query;
}

function randomHeaders(url: URL, token: string): Record<string, string> {
  // Mostly headers that pass the Host, Origin and token checks, so the handlers get fuzzed too.
  const headers: Record<string, string> = {
    Host: pick([url.host, url.host, url.host, url.host, `localhost:${url.port}`, 'evil.com']),
  };
  const origin = pick([
    undefined,
    undefined,
    undefined,
    `http://${url.host}`,
    'http://evil.com',
    'null',
  ]);
  if (origin) headers.Origin = origin;
  const auth = pick([
    `Bearer ${token}`,
    `Bearer ${token}`,
    `Bearer ${token}`,
    'Bearer nope',
    undefined,
  ]);
  if (auth) headers.Authorization = auth;
  if (rng.uniform() < 0.2) headers.Cookie = pick([`mdm-token-${url.port}=${token}`, 'a=b; =; ;;']);
  if (rng.uniform() < 0.3)
    headers['Content-Type'] = pick(['application/json', 'text/plain', '*/*']);
  if (rng.uniform() < 0.2)
    headers[`X-${rng.int(1000)}`] = pick(strings).replace(/[^\x20-\x7e]/g, '');
  return headers;
}

/**
 * One well-framed request with a random method, path, headers and body; resolves with the status, or
 * 0 when the server closed the connection while a refused request was still sending its body, -1
 * when no answer came within 30 s.
 */
function fuzzRequest(url: URL, token: string): Promise<number> {
  const method = pick(['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH']);
  const body = method === 'GET' || method === 'HEAD' ? '' : randomBody();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: randomPath(token),
        headers: randomHeaders(url, token),
        agent: false,
      },
      (res) => {
        // The event stream never ends by itself: its status is the answer.
        if (res.headers['content-type'] === 'text/event-stream') {
          res.destroy();
          resolve(res.statusCode ?? 0);
          return;
        }
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => {
      req.destroy();
      resolve(-1);
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(0) : reject(error),
    );
    req.end(body, 'latin1');
  });
}

/** Arbitrary bytes where a request line and headers belong; resolves with the status, or 0 if the server hung up. */
function rawFuzzRequest(url: URL): Promise<number> {
  const bytes = Array.from({ length: rng.int(300) }, () =>
    rng.uniform() < 0.5
      ? rng.int(256)
      : pick([...'GET /%ff HTTP/1.1\r\nHost: :\r\n\r\n']).charCodeAt(0),
  );
  const prefix = pick([
    '',
    'GET /',
    'POST /api/system-info HTTP/1.1\r\n',
    `GET /%ff HTTP/1.1\r\nHost: ${url.host}\r\n`,
  ]);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let answer = '';
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.end(Buffer.concat([Buffer.from(prefix, 'latin1'), Buffer.from(bytes)]));
  });
}

let child: ChildProcess;
let stderr = '';
let base: URL;
let token: string;

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'target-child.ts')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`target exited with ${code}: ${stderr}`)));
  });
  const started = JSON.parse(first) as { url: string; token: string };
  base = new URL(started.url);
  token = started.token;
});
afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('fuzzing a running server', () => {
  it(`survives ${REQUESTS} random requests and never answers 500`, async () => {
    rng = new Rng(SEED);
    const statuses: Record<string, number> = {};
    let raw = 0;
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        next++;
        const useRaw = rng.uniform() < RAW_SHARE;
        if (useRaw) raw++;
        const status = await (useRaw ? rawFuzzRequest(base) : fuzzRequest(base, token));
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    console.log(JSON.stringify({ fuzz: { seed: SEED, requests: REQUESTS, raw, statuses } }));
    expect(child.exitCode).toBeNull();
    expect(statuses[500] ?? 0, stderr).toBe(0);
    expect(statuses[-1] ?? 0, 'requests unanswered after 30 s').toBe(0);
    const alive = await fetch(`${base.origin}/api/system-info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(alive.status).toBe(200);
  });
});
