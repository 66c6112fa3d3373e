import * as tf from '@tensorflow/tfjs-core';
import { chunkedAddN } from './add-n';

let installed = false;

/** Replaces the tfjs-backend-webgpu kernels that training needs and the package gets wrong (once per process). */
export function registerWebgpuTrainingKernels(): void {
  if (installed) return;
  const addN = tf.getKernel(tf.AddN, 'webgpu');
  if (!addN) return; // the package registers no webgpu kernels without navigator.gpu
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel(chunkedAddN(addN));
  installed = true;
}
