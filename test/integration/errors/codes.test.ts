import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MdmBridge } from '#shared/api/bridge';
import type { Transport } from '#shared/api/contract';
import { MdmError } from '#shared/errors';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { dispatch } from '../../../src-main/backend/dispatch';
import type { RunningHttpServer } from '../../../src-main/backend/http/server';
import { createBackendService, type BackendService } from '../../../src-main/backend/service';
import { main } from '../../../src-main/cli/main';
import { HttpTransport, IpcTransport } from '../../../src-renderer/lib/transports';
import { serveApi } from '../serve-api';

const home = mkdtempSync(path.join(os.tmpdir(), 'mdm-codes-'));
let service: BackendService;
let server: RunningHttpServer;
const transports: Record<string, () => Transport> = {};

beforeAll(async () => {
  // Read-only: this process does not own the runs, so changing one is refused as 'unavailable'.
  service = createBackendService({
    dataDir: home,
    probeBackends: probeComputeBackends,
    manageRuns: false,
  });
  server = await serveApi(service);
  const handlers = service.handlers('ipc');
  // What Electron's IPC does to both directions: a structured clone, which drops class identity.
  const bridge: Pick<MdmBridge, 'invoke' | 'listen'> = {
    invoke: async (name, request) =>
      structuredClone(await dispatch(handlers, name, structuredClone(request))),
    listen: () => () => {},
  };
  transports.http = () => new HttpTransport(server.url, server.token);
  transports.ipc = () => new IpcTransport(bridge);
});
afterAll(async () => {
  await server.close();
  await service.close();
  rmSync(home, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<MdmError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MdmError);
  return error as MdmError;
}

describe.each(['http', 'ipc'])(
  "an error's code reaches the renderer's API client over %s",
  (name) => {
    it('not_found for a run that does not exist', async () => {
      const error = await failure(transports[name]!().invoke('runs-get', { runId: 999 }));
      expect(error.code).toBe('not_found');
      expect(error.message).toBe('run 999 does not exist');
    });

    it('invalid, with the field in details, for a request that breaks its schema', async () => {
      const error = await failure(transports[name]!().invoke('runs-get', { runId: 0 }));
      expect(error.code).toBe('invalid');
      expect(error.details).toEqual({ path: 'runId' });
    });

    it('unavailable when another process owns the runs', async () => {
      const error = await failure(transports[name]!().invoke('runs-stop', { runId: 1 }));
      expect(error.code).toBe('unavailable');
    });
  },
);

describe("an error's code reaches the CLI's exit", () => {
  async function mdm(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const previous = process.env.MDM_HOME;
    process.env.MDM_HOME = home;
    try {
      const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
      return { code, out: out.join(''), err: err.join('') };
    } finally {
      if (previous === undefined) delete process.env.MDM_HOME;
      else process.env.MDM_HOME = previous;
    }
  }

  it('prints the message on one line and exits 2', async () => {
    const { code, err } = await mdm('runs', 'show', '999');
    expect(code).toBe(2);
    expect(err).toBe('mdm runs: run 999 does not exist');
  });

  it('prints the code as JSON with --json', async () => {
    const { code, err } = await mdm('runs', 'show', '999', '--json');
    expect(code).toBe(2);
    expect(JSON.parse(err)).toEqual({
      error: { code: 'not_found', message: 'run 999 does not exist' },
    });
  });
});
