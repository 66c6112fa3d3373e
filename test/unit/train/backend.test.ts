import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES } from '#shared/config/run-config';
import { selectBackend } from '../../../src-main/backend/train/backend';
import { hasWebgpu } from './webgpu-adapter';

describe('selectBackend', () => {
  it('reports every backend, best first, with a reason, and activates the best automatic one', async () => {
    const { chosen, available } = await selectBackend();
    expect(available.map((s) => s.name)).toEqual([...BACKEND_NAMES]);
    for (const s of available) expect(s.reason.length).toBeGreaterThan(0);
    expect(chosen).toBe(available.find((s) => s.ok && s.automatic)?.name);
    expect(available.find((s) => s.name === 'cpu')?.ok).toBe(true);
    expect(available.find((s) => s.name === 'wasm')?.ok).toBe(true);
  });

  it('honours an explicit choice', async () => {
    expect((await selectBackend({ prefer: 'cpu' })).chosen).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend({ prefer: 'wasm' })).chosen).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('explains why a tfjs-node build cannot run, with the command that enables it', async () => {
    const { available } = await selectBackend();
    const node = available.find((s) => s.name === 'node');
    if (node?.ok) return; // a machine with libtensorflow
    expect(node?.reason).toMatch(/tfjs-node/);
    expect(node?.enable).toBe(
      'npm install-scripts approve @tensorflow/tfjs-node && npm rebuild @tensorflow/tfjs-node',
    );
    await expect(selectBackend({ prefer: 'node' })).rejects.toThrow(/unavailable.*to enable/);
  });

  it.skipIf(!hasWebgpu)(
    'never chooses a software WebGPU adapter by itself, but runs on it when asked',
    async () => {
      const { adapter, available } = await selectBackend();
      const webgpu = available.find((s) => s.name === 'webgpu')!;
      expect(webgpu.ok).toBe(true);
      expect(webgpu.reason).toContain(adapter!.description);
      expect(webgpu.automatic).toBe(!adapter!.software);
      if (adapter!.software) expect(webgpu.enable).toMatch(/driver/);
      expect((await selectBackend({ prefer: 'webgpu' })).chosen).toBe('webgpu');
      expect(tf.getBackend()).toBe('webgpu');
      expect(await tf.square(tf.tensor1d([3])).data()).toEqual(new Float32Array([9]));
    },
  );
});
