import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_EXPORTS, type RunExport, type SampleInfo } from '#shared/api/runs';
import { downloadUrl } from '#shared/api/downloads';
import { readNpy } from '../../../src-main/backend/datasets/npy';
import { fileSource, readRange } from '../../../src-main/backend/datasets/byte-source';
import { getSamplePoints } from '../../../src-main/backend/store/index';
import type { RunningHttpServer } from '../../../src-main/backend/http/server';
import { inProcessService, type InProcess } from '../runs/in-process';
import { toyConfig } from '../runs/support';
import { cookieName } from '../../../src-main/backend/http/auth';
import { rawRequest } from '../security/support';
import { serveApi } from '../serve-api';

let backend: InProcess;
let server: RunningHttpServer;
let runId: number;
let samples: SampleInfo[];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** GET of the download route with the Bearer token (or `headers` instead). */
async function download(path: string, headers?: Record<string, string>) {
  const response = await fetch(`${server.url}${path}`, {
    headers: headers ?? { Authorization: `Bearer ${server.token}` },
  });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

beforeAll(async () => {
  backend = inProcessService('downloads', 1);
  // A real toy run: two-moons, mlp, learned Q/D; pictures at steps 20 and 40, a checkpoint at the end.
  const config = toyConfig({
    name: 'moons',
    diffusion: { preset: 'learned', k: 3 },
    steps: 40,
    sampleEvery: 20,
    checkpointEvery: 40,
  });
  runId = (await backend.call('runs-create', { config })).id;
  await backend.waitForStatus(runId, ['completed', 'failed']);
  expect(backend.statuses(runId).at(-1)).toBe('completed');
  samples = await backend.call('samples-list', { runId });
  server = await serveApi(backend.service);
}, 180_000);
afterAll(async () => {
  await server?.close();
  await backend?.close();
});

describe('GET /api/download', () => {
  it('returns the bytes the server-side export writes, for every kind of export', async () => {
    for (const what of RUN_EXPORTS as readonly RunExport[]) {
      const { paths } = await backend.call('runs-export', { runId, what });
      const written = readFileSync(paths[0]!);
      const { response, bytes } = await download(downloadUrl({ runId, what }));
      expect(response.status, what).toBe(200);
      expect(sha256(bytes), what).toBe(sha256(written));
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="${paths[0]!.split('/').at(-1)}"; filename*=UTF-8''${paths[0]!.split('/').at(-1)}`,
      );
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('keeps the 2-D points of each sample picture and offers them as NPY and CSV', async () => {
    expect(samples.map((s) => [s.step, s.kind, s.pointCount])).toEqual([
      [20, 'scatter', 1024],
      [40, 'scatter', 1024],
    ]);
    const stored = getSamplePoints(backend.db, samples[0]!.id)!;
    const npy = await download(downloadUrl({ runId, what: 'samples-npy', step: 20 }));
    expect(npy.response.headers.get('content-disposition')).toContain(
      `filename="run-${runId}-samples-step-20.npy"`,
    );
    const { paths } = await backend.call('runs-export', { runId, what: 'samples-npy', step: 20 });
    expect(sha256(readFileSync(paths[0]!))).toBe(sha256(npy.bytes));
    const array = await readNpy(await fileSource(paths[0]!));
    expect([array.dtype.descr, array.fortranOrder, array.shape]).toEqual(['<f4', false, [1024, 2]]);
    const data = await readRange(array.data, 0, array.data.size);
    expect(new Float32Array(new Uint8Array(data).buffer)).toEqual(stored);
    const csv = await download(downloadUrl({ runId, what: 'samples-csv', step: 20 }));
    const rows = new TextDecoder().decode(csv.bytes).trim().split('\n');
    expect(rows[0]).toBe('x,y');
    expect(rows.slice(1).flatMap((r) => r.split(',').map((v) => Math.fround(Number(v))))).toEqual([
      ...stored,
    ]);
  });

  it('serves the points behind a sample and a 2-D data set for the scatter, refusing image data', async () => {
    const { points } = await backend.call('samples-points', { sampleId: samples[1]!.id });
    expect(Float32Array.from(points)).toEqual(getSamplePoints(backend.db, samples[1]!.id));
    const data = await backend.call('datasets-points', { name: 'two-moons', count: 500 });
    expect(data.points).toHaveLength(1000);
    const refused = await backend.envelope('datasets-points', { name: 'mnist' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'name: dataset mnist holds images, not 2-D points' },
    });
  });

  it('refuses without a token, with a wrong one, from another origin or another Host', async () => {
    const path = downloadUrl({ runId, what: 'weights' });
    const bearer = `Bearer ${server.token}`;
    const cookie = `${cookieName(Number(new URL(server.url).port))}=${server.token}`;
    const answers = await Promise.all(
      (
        [
          {},
          { Authorization: 'Bearer wrong' },
          { Cookie: `${cookie}x` },
          { Authorization: bearer, Origin: 'http://evil.test' },
          { Authorization: bearer, Host: 'evil.test' },
          { Cookie: cookie },
        ] as Record<string, string>[]
      ).map((headers) => rawRequest(server.url, { path, headers })),
    );
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 403, 403, 200]);
    for (const answer of answers.slice(0, -1)) expect(answer.body).toMatch(/^\{"ok":false/);
  });

  it('refuses a path or any unknown field, a bad kind or step, and other methods, naming the field', async () => {
    const cases: [string, number, RegExp][] = [
      [
        `/api/download?runId=${runId}&what=params&folder=/etc`,
        400,
        /^folder: is not a known field/,
      ],
      [
        `/api/download?runId=${runId}&what=params&fileName=x`,
        400,
        /^fileName: is not a known field/,
      ],
      [`/api/download?runId=${runId}&what=../../mdm.sqlite`, 400, /^what: /],
      [`/api/download?runId=abc&what=params`, 400, /^runId: expected a finite number/],
      [
        `/api/download?runId=${runId}&runId=${runId}&what=params`,
        400,
        /^runId: is given more than once/,
      ],
      [
        `/api/download?runId=${runId}&what=samples-png&step=7`,
        404,
        /no sample at step 7 \(steps: 20, 40\)/,
      ],
      [`/api/download?runId=999&what=params`, 404, /run 999/],
    ];
    for (const [path, status, message] of cases) {
      const { response, bytes } = await download(path);
      const body = JSON.parse(new TextDecoder().decode(bytes)) as { error: { message: string } };
      expect([path, response.status, body.error.message]).toEqual([
        path,
        status,
        expect.stringMatching(message),
      ]);
    }
    const post = await fetch(`${server.url}${downloadUrl({ runId, what: 'params' })}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(post.status).toBe(400);
  });
});
