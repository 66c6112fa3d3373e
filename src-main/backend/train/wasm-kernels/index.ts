import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';

/** Gradient kernels the U-Net needs that tfjs-backend-wasm lacks or runs slowly. */
const KERNELS = [conv2DBackpropFilterConfig, conv2DBackpropInputConfig];

/** The wasm package's own configs that ours replaced, so a benchmark can compare against them. */
const builtIn = new Map<string, KernelConfig>();

function install(config: KernelConfig): void {
  const current = tf.getKernel(config.kernelName, 'wasm');
  if (current?.kernelFunc === config.kernelFunc) return;
  if (current) {
    if (!builtIn.has(config.kernelName)) builtIn.set(config.kernelName, current);
    tf.unregisterKernel(config.kernelName, 'wasm');
  }
  tf.registerKernel(config);
}

/** Installs the training kernels on the wasm backend, or (enabled=false) restores the built-ins. */
export function registerWasmTrainingKernels(enabled = true): void {
  for (const config of KERNELS) {
    if (enabled) {
      install(config);
      continue;
    }
    if (tf.getKernel(config.kernelName, 'wasm')?.kernelFunc !== config.kernelFunc) continue;
    const original = builtIn.get(config.kernelName);
    tf.unregisterKernel(config.kernelName, 'wasm');
    if (original) tf.registerKernel(original);
  }
}
