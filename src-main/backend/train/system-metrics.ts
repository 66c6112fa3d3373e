/**
 * System metrics a training run records beside its step metrics (keys system/…): CPU use of the
 * process, its memory, tensor memory, and GPU memory where the tfjs backend reports it (WebGPU's
 * numBytesInGPU). GPU utilisation is not measurable through tfjs, so it is not recorded.
 */
import * as tf from '@tensorflow/tfjs-core';

/** At most one sample per this many milliseconds (plus the first and any forced one). */
const EVERY_MS = 1000;
const MB = 1024 * 1024;

export class SystemSampler {
  private lastAt: number;
  private lastCpu: NodeJS.CpuUsage;
  private sampled = false;

  constructor(now = performance.now()) {
    this.lastAt = now;
    this.lastCpu = process.cpuUsage();
  }

  /** The system/… metrics since the last sample, or null when the last one is under a second old and `force` is false. */
  sample(force = false, now = performance.now()): Record<string, number> | null {
    if (this.sampled && !force && now - this.lastAt < EVERY_MS) return null;
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedUs = Math.max(1, (now - this.lastAt) * 1000);
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    this.sampled = true;
    const memory = process.memoryUsage();
    const tensors = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    const out: Record<string, number> = {
      'system/cpu_percent': ((cpu.user + cpu.system) / elapsedUs) * 100,
      'system/rss_mb': memory.rss / MB,
      'system/heap_mb': memory.heapUsed / MB,
      'system/tensor_mb': tensors.numBytes / MB,
    };
    if (typeof tensors.numBytesInGPU === 'number')
      out['system/gpu_mb'] = tensors.numBytesInGPU / MB;
    return out;
  }
}
