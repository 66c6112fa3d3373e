/**
 * Training speed of the `mnist` U-Net per compute backend, our wasm conv-gradient kernels against
 * the built-in ones, and the same network in PyTorch (bench/torch_unet.py) for the ratio.
 *   node --import tsx bench/unet.ts [--batch 128] [--micro-batch 32] [--iters 2] [--cpu-iters 0]
 *     [--backends webgpu,wasm,cpu] [--wasm-threads 1] [--torch-threads 2,1]
 * Without --backends it runs those a run would choose by itself (not WebGPU on a software adapter).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import type { BackendName } from '#shared/config/run-config';
import { selectBackend } from '../src-main/backend/train/backend';
import { microBatchGrads } from '../src-main/backend/train/micro-batch';
import { createUNet } from '../src-main/backend/train/nn/unet';
import { registerWasmTrainingKernels } from '../src-main/backend/train/wasm-kernels';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { printBenchResult } from './machine';

const { values: args } = parseArgs({
  options: {
    batch: { type: 'string', default: '128' },
    iters: { type: 'string', default: '2' },
    'micro-batch': { type: 'string', default: '32' },
    'cpu-iters': { type: 'string', default: '0' },
    backends: { type: 'string' },
    'torch-threads': { type: 'string', default: '2,1' },
    'wasm-threads': { type: 'string', default: '1' },
  },
});
const BATCH = Number(args.batch);
const MICRO = Number(args['micro-batch']);
const IMAGE = 28;
const MiB = 2 ** 20;

/** Mean wall time of `fn` over `iters` runs (after one untimed warm-up run unless told not to). */
async function timeMs(fn: () => unknown, iters: number, warmUp = true): Promise<number> {
  if (warmUp) await fn();
  const start = performance.now();
  for (let i = 0; i < iters; i++) await fn();
  return (performance.now() - start) / iters;
}

/** Waits for a result by reading it back (asynchronously: WebGPU cannot read synchronously), then frees it. */
async function settle(x: tf.Tensor): Promise<void> {
  await x.data();
  x.dispose();
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/** Forward, and a full training step (forward, backward, Adam) of the `mnist` U-Net at BATCH. */
async function benchBackend(name: BackendName, iters: number) {
  const { adapter } = await selectBackend({
    prefer: name,
    wasmThreads: Number(args['wasm-threads']),
  });
  const net = createUNet('mnist', { imageSize: IMAGE, channels: 1, seed: 0 });
  const optimizer = tf.train.adam(2e-4);
  const u = tf.randomNormal([BATCH, IMAGE, IMAGE, 1]) as tf.Tensor4D;
  const t = tf.randomUniform([BATCH]) as tf.Tensor1D;
  const target = tf.randomNormal([BATCH, IMAGE, IMAGE, 1]);
  const forward = () => settle(tf.tidy(() => net.apply(u, t, false)));
  const loss = (start: number, size: number) => {
    const slice = <T extends tf.Tensor>(x: T) => tf.slice(x, start, size) as T;
    const eps = net.apply(slice(u), slice(t), true);
    return tf.mean(tf.squaredDifference(eps, slice(target))) as tf.Scalar;
  };
  const step = () =>
    settle(
      tf.tidy(() => {
        const { value, grads } = microBatchGrads(BATCH, MICRO, loss, net.variables);
        optimizer.applyGradients(grads as Record<string, tf.Variable>);
        return value;
      }),
    );
  const start = performance.now();
  const profile = await tf.profile(step); // also the step's warm-up
  const firstStepMs = performance.now() - start;
  // iters 0 (the slow cpu backend): one cold forward, and the profiled step is the step's time.
  const forwardMs = await timeMs(forward, Math.max(iters, 1), iters > 0);
  const stepMs = iters > 0 ? await timeMs(step, iters, false) : firstStepMs;
  const result = {
    backend: name,
    ...(name === 'webgpu' && adapter ? { adapter } : {}),
    threads: name === 'wasm' ? getThreadsCount() : 1,
    params: net.paramCount,
    batch: BATCH,
    microBatch: MICRO,
    iters,
    forwardMs: round(forwardMs),
    stepMs: round(stepMs),
    firstStepMs: round(firstStepMs),
    backwardAndAdamMs: round(stepMs - forwardMs),
    imagesPerSec: round((BATCH / stepMs) * 1000, 2),
    tfPeakMiB: round(profile.peakBytes / MiB),
    rssPeakSoFarMiB: round(process.resourceUsage().maxRSS / 1024),
  };
  tf.dispose([u, t, target, ...net.variables]);
  optimizer.dispose();
  return result;
}

/** One 64×28×28×64 3×3 convolution layer on wasm: forward and both gradient kernels. */
async function benchConvLayer() {
  await selectBackend({ prefer: 'wasm' });
  const x = tf.randomNormal([64, 28, 28, 64]);
  const filter = tf.randomNormal([3, 3, 64, 64]);
  const dy = tf.randomNormal([64, 28, 28, 64]);
  const attrs: NamedAttrMap = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
  const kernel = async (
    name: string,
    inputs: Record<string, tf.Tensor>,
    extra: object,
    iters: number,
  ) =>
    round(
      await timeMs(
        () => settle(tf.engine().runKernel(name, inputs, { ...attrs, ...extra }) as tf.Tensor),
        iters,
      ),
    );
  const dW = () => kernel('Conv2DBackpropFilter', { x, dy }, { filterShape: filter.shape }, 3);
  const dX = (iters: number) =>
    kernel('Conv2DBackpropInput', { dy, filter }, { inputShape: x.shape }, iters);
  const forwardMs = await kernel('Conv2D', { x, filter }, { dilations: 1 }, 3);
  const ours = { filterGradMs: await dW(), inputGradMs: await dX(3) };
  registerWasmTrainingKernels(false);
  const builtIn = {
    filterGradMs: tf.getKernel('Conv2DBackpropFilter', 'wasm') ? await dW() : 'not registered',
    inputGradMs: await dX(1),
  };
  registerWasmTrainingKernels(true);
  tf.dispose([x, filter, dy]);
  return { shape: 'x 64×28×28×64, filter 3×3×64×64, same', forwardMs, ours, builtIn };
}

/** The PyTorch twin's training step, or why it could not run. */
function benchTorch(threads: number, iters: number): Record<string, unknown> {
  const python = '/usr/bin/python3';
  const script = fileURLToPath(new URL('./torch_unet.py', import.meta.url));
  if (!existsSync(python)) return { available: false, reason: `${python} not found` };
  const run = spawnSync(
    python,
    [script, '--batch', String(BATCH), '--iters', String(iters), '--threads', String(threads)],
    { encoding: 'utf8' },
  );
  const line = run.stdout?.trim().split('\n').pop();
  if (run.status !== 0 || !line) {
    return { available: false, reason: (run.stderr || String(run.error)).trim().split('\n').pop() };
  }
  return { available: true, ...(JSON.parse(line) as Record<string, unknown>) };
}

const { available } = await selectBackend({ wasmThreads: Number(args['wasm-threads']) });
const names = args.backends
  ? (args.backends.split(',') as BackendName[])
  : available.filter((s) => s.ok && s.automatic).map((s) => s.name);
const backends = [];
for (const name of names) {
  const iters = Number(name === 'cpu' ? args['cpu-iters'] : args.iters);
  console.error(`bench/unet: ${name} ...`);
  backends.push(await benchBackend(name, iters));
  console.error(JSON.stringify(backends.at(-1)));
}
const convLayer = names.includes('wasm') ? await benchConvLayer() : null;
const torch = args['torch-threads']
  .split(',')
  .filter(Boolean)
  .map((n) => benchTorch(Number(n), Number(args.iters)));
const best = Math.max(...backends.map((b) => b.imagesPerSec));
const ratios = Object.fromEntries(
  torch
    .filter((r) => r.available)
    .map((r) => [
      `oursOverTorch${String(r.threads)}Threads`,
      round(best / (r.imagesPerSec as number), 3),
    ]),
);
printBenchResult('unet', {
  model: 'mnist',
  backendsProbed: available,
  backends,
  convLayer,
  torch,
  ...ratios,
  note: 'ratio = best backend images/s ÷ PyTorch images/s for the same network and batch',
});
