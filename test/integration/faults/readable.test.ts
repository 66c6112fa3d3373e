import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome, toyConfig } from '../runs/support';
import { startTestServer, type TestServer } from './api';

/** Issue 14 problem 7: strict request shapes and one name limit, answered 400 with the field named. */
let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ dataDir: tempHome('faults-readable'), maxConcurrentRuns: 0 });
});
afterAll(() => api.close());

describe('readable failures', () => {
  it.each([null, 'x', [], 5])(
    'runs-create with config %j is a 400, not the default run',
    async (config) => {
      const { status, body } = await api.call('runs-create', { config });
      expect(status).toBe(400);
      expect(body.error?.message).toMatch(/^config: expected an object, got /);
      expect(((await api.call('runs-list', {})).body.result as { total: number }).total).toBe(0);
    },
  );

  it('refuses a dataset that does not exist at create time', async () => {
    const { status, body } = await api.call('runs-create', {
      config: toyConfig({ dataset: 'no-such-set' }),
    });
    expect(status).toBe(400);
    expect(body.error?.message).toBe(
      "config.dataset: no such dataset 'no-such-set' (import it first or see mdm datasets list)",
    );
  });

  it('holds runs-duplicate to the same 200-character name limit as runs-create', async () => {
    const created = await api.call('runs-create', { config: toyConfig() });
    const runId = (created.body.result as { id: number }).id;
    const { status, body } = await api.call('runs-duplicate', { runId, name: 'n'.repeat(100_000) });
    expect(status).toBe(400);
    expect(body.error?.message).toBe('name: must be at most 200 characters');
    const long = await api.call('runs-create', { config: toyConfig({ name: 'n'.repeat(201) }) });
    expect(long.body.error?.message).toBe('name: must be at most 200 characters');
  });
});
