import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES } from '#shared/config/run-config';
import { selectBackend } from '../../../src-main/backend/train/backend';

describe('selectBackend', () => {
  it('reports every backend, best first, with a reason, and activates the best that runs', async () => {
    const { chosen, available } = await selectBackend();
    expect(available.map((s) => s.name)).toEqual([...BACKEND_NAMES]);
    for (const s of available) expect(s.reason.length).toBeGreaterThan(0);
    expect(chosen).toBe(available.find((s) => s.ok)?.name);
    expect(available.find((s) => s.name === 'cpu')?.ok).toBe(true);
    expect(available.find((s) => s.name === 'wasm')?.ok).toBe(true);
  });

  it('honours an explicit choice', async () => {
    expect((await selectBackend({ prefer: 'cpu' })).chosen).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend({ prefer: 'wasm' })).chosen).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('explains why a tfjs-node build cannot run instead of crashing', async () => {
    const { available } = await selectBackend();
    const node = available.find((s) => s.name === 'node');
    if (node?.ok) return; // a machine with libtensorflow
    expect(node?.reason).toMatch(/tfjs-node/);
    await expect(selectBackend({ prefer: 'node' })).rejects.toThrow(/unavailable/);
  });
});
