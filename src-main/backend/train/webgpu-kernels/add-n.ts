import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

interface GpuLimits {
  device: { limits: { maxStorageBuffersPerShaderStage: number } };
}

/**
 * AddN in chunks: tfjs-backend-webgpu 4.22 binds every input as its own storage buffer, so a sum
 * of more than maxStorageBuffersPerShaderStage − 1 tensors (8 − 1 on most devices; the trainer
 * sums one square norm per weight) makes an invalid pipeline and a silent zero. Each chunk, and
 * then the chunk sums, go through the package's own kernel.
 */
export function chunkedAddN(original: KernelConfig): KernelConfig {
  const addN: KernelFunc = ({ inputs, backend, attrs }) => {
    const tensors = inputs as unknown as TensorInfo[];
    const max = (backend as unknown as GpuLimits).device.limits.maxStorageBuffersPerShaderStage - 1;
    if (tensors.length <= max) return original.kernelFunc({ inputs, backend, attrs });
    const chunk = Math.ceil(tensors.length / Math.ceil(tensors.length / max));
    const partial: TensorInfo[] = [];
    const made: TensorInfo[] = [];
    for (let i = 0; i < tensors.length; i += chunk) {
      const part = tensors.slice(i, i + chunk);
      if (part.length === 1) {
        partial.push(part[0]!);
        continue;
      }
      const sum = addN({ inputs: part as never, backend, attrs }) as TensorInfo;
      partial.push(sum);
      made.push(sum);
    }
    const out = addN({ inputs: partial as never, backend, attrs }) as TensorInfo;
    for (const t of made) (backend as tf.KernelBackend).disposeData(t.dataId);
    return out;
  };
  return { kernelName: tf.AddN, backendName: 'webgpu', kernelFunc: addN };
}
