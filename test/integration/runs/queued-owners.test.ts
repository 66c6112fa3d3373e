import { describe, expect, it } from 'vitest';
import type { Handlers } from '#shared/api/contract';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { createBackendService } from '../../../src-main/backend/service';
import { tempHome, toyConfig, waitFor } from './support';

const open = (home: string, trainsAllQueued: boolean) =>
  createBackendService({ dataDir: home, probeBackends: probeComputeBackends, trainsAllQueued });

const status = async (handlers: Handlers, runId: number) =>
  (await handlers['runs-get']({ runId })).run.status;

describe('who trains queued runs', () => {
  it('a run still queued when its process closed is trained by the next app or server', async () => {
    const home = tempHome('queued-restart');
    const cli = open(home, false);
    const cliHandlers = cli.handlers('http');
    const first = await cliHandlers['runs-create']({
      config: toyConfig({ name: 'a', steps: 400 }),
    });
    const second = await cliHandlers['runs-create']({
      config: toyConfig({ name: 'b', steps: 30 }),
    });
    expect(second.status).toBe('queued');
    await cli.close();

    const server = open(home, true);
    const handlers = server.handlers('http');
    expect(await status(handlers, first.id)).toBe('stopped');
    await waitFor(
      'the queued run to complete',
      async () => (await status(handlers, second.id)) === 'completed',
    );
    await server.close();
  });

  it('a CLI process trains only the runs it queued itself', async () => {
    const home = tempHome('queued-cli');
    const server = open(home, true);
    const serverHandlers = server.handlers('http');
    const blocker = await serverHandlers['runs-create']({
      config: toyConfig({ name: 'long', steps: 5000 }),
    });
    const waiting = await serverHandlers['runs-create']({
      config: toyConfig({ name: 'waiting', steps: 30 }),
    });
    expect(waiting.status).toBe('queued');
    await serverHandlers['runs-delete']({ runId: blocker.id, force: true });
    await waitFor(
      'the waiting run to start',
      async () => (await status(serverHandlers, waiting.id)) !== 'queued',
    );
    await serverHandlers['runs-stop']({ runId: waiting.id });
    await waitFor(
      'it to stop',
      async () => (await status(serverHandlers, waiting.id)) === 'stopped',
    );
    const other = await serverHandlers['runs-create']({
      config: toyConfig({ name: 'other', steps: 5000 }),
    });
    const queuedByServer = await serverHandlers['runs-create']({
      config: toyConfig({ name: 'q', steps: 30 }),
    });
    await server.close();

    const cli = open(home, false);
    const handlers = cli.handlers('http');
    const own = await handlers['runs-create']({ config: toyConfig({ name: 'own', steps: 30 }) });
    await waitFor(
      'its own run to complete',
      async () => (await status(handlers, own.id)) === 'completed',
    );
    expect(await status(handlers, queuedByServer.id)).toBe('queued');
    expect(await status(handlers, other.id)).toBe('stopped');
    await cli.close();
  });
});
