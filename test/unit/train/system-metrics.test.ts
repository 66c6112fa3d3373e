import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { SystemSampler } from '../../../src-main/backend/train/system-metrics';

describe('system metrics', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('samples CPU and memory at most once a second unless forced; no GPU bytes on the CPU backend', () => {
    const sampler = new SystemSampler(0);
    const first = sampler.sample(false, 10);
    expect(first).not.toBeNull();
    expect(first!['system/rss_mb']).toBeGreaterThan(1);
    expect(first!['system/heap_mb']).toBeGreaterThan(0);
    expect(first!['system/cpu_percent']).toBeGreaterThanOrEqual(0);
    expect(first!['system/tensor_mb']).toBeGreaterThanOrEqual(0);
    expect(first).not.toHaveProperty('system/gpu_mb');
    expect(sampler.sample(false, 500)).toBeNull();
    expect(sampler.sample(true, 600)).not.toBeNull();
    expect(sampler.sample(false, 1700)).not.toBeNull();
  });
});
