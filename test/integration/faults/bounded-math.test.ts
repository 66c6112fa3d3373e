import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '#shared/mdm/limits';
import { spawnMdm, tempHome, toyConfig } from '../runs/support';
import { startTestServer, type TestServer } from './api';

/** Issue 14 problem 1: math that hung the process is refused up front or stopped at a deadline. */
let api: TestServer;

beforeAll(async () => {
  api = await startTestServer({ dataDir: tempHome('bounded-math'), computeDeadlineMs: 1500 });
});
afterAll(() => api.close());

describe('bounded math', () => {
  it('the CLI refuses the 1e308 spec with exit 2 and one line naming the entries', async () => {
    const started = performance.now();
    const mdm = spawnMdm(
      ['diffusion', 'inspect', '--q', '[[0,1e308],[-1e308,0]]', '--d', '[[1e308,0],[0,1e308]]'],
      { MDM_HOME: tempHome('bounded-math-cli') },
    );
    expect(await mdm.exited).toBe(2);
    console.log(
      JSON.stringify({
        cliRefusal1e308Ms: Math.round(performance.now() - started),
        withStartup: true,
      }),
    );
    expect(mdm.errorLines(), mdm.stderr()).toHaveLength(1);
    expect(mdm.stderr()).toContain(
      `Q[0][1] = 1e+308 is out of range (|entry| ≤ ${LIMITS.maxEntry})`,
    );
  }, 30_000);

  it('the API refuses d = [[1e308]] and d = [[1e200]] with 400 naming the entry', async () => {
    for (const d of [[[1e308]], [[1e200]]]) {
      const started = performance.now();
      const { status, body } = await api.call('diffusion-verify', {
        diffusion: { preset: 'custom', q: [[0]], d },
      });
      console.log(JSON.stringify({ apiRefusalMs: Math.round(performance.now() - started), d }));
      expect(status).toBe(400);
      expect(body.error?.message).toMatch(/D\[0\]\[0\] = 1e\+\d+ is out of range/);
    }
  });

  it('refuses a D so small that Σ_1 is singular in float32 (D = 1e-300)', async () => {
    const { status, body } = await api.call('diffusion-verify', {
      diffusion: { preset: 'custom', q: [[0]], d: [[1e-300]] },
    });
    expect(status).toBe(400);
    expect(body.error?.message).toContain('Σ_1 is nearly singular');
  });

  it('answers malda K = 1 and K = 64 with 400, not 500', async () => {
    for (const k of [1, 64]) {
      const { status, body } = await api.call('diffusion-verify', {
        diffusion: { preset: 'malda', k },
      });
      expect(status).toBe(400);
      expect(body.error?.message).toMatch(/k|K/);
    }
  });

  it('bounds sampler steps at create time', async () => {
    const { status, body } = await api.call('runs-create', {
      config: toyConfig({ sampleSteps: 5e7 }),
    });
    expect(status).toBe(400);
    expect(body.error?.message).toBe(
      `sampleSteps: expected a number ≤ ${LIMITS.maxSampleSteps}, got number 50000000`,
    );
  });

  it('answers other calls while a slow computation runs, and stops it at its deadline', async () => {
    const slow = api.call('diffusion-verify', {
      diffusion: { preset: 'malda', k: LIMITS.maxK },
      samples: 20_000,
    });
    const started = performance.now();
    const quick = await api.call('runs-list', {});
    expect(quick.status).toBe(200);
    const answeredMs = performance.now() - started;
    const { status, body } = await slow;
    console.log(
      JSON.stringify({
        otherCallAnsweredMs: Math.round(answeredMs),
        verifyEndedMs: Math.round(performance.now() - started),
      }),
    );
    expect(status).toBe(503);
    expect(body.error?.message).toContain('passed its 1.5 s deadline');
  });

  it('the same check finishes normally within its deadline', async () => {
    const fast = await startTestServer({ dataDir: tempHome('bounded-math-ok') });
    try {
      const { status, body } = await fast.call('diffusion-verify', {
        diffusion: { preset: 'vpsde' },
        samples: 200,
      });
      expect(status).toBe(200);
      expect(body.result).toMatchObject({ k: 1 });
    } finally {
      await fast.close();
    }
  });
});
