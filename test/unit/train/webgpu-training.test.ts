import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defaultRunConfig, type RunConfig } from '#shared/config/run-config';
import { learnedSpec, randomLearnedParams } from '#shared/mdm/spec';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import type { WorkerMessage } from '../../../src-main/backend/runs/protocol';
import { selectBackend } from '../../../src-main/backend/train/backend';
import {
  loadCheckpoint,
  saveCheckpoint,
  type CheckpointContents,
} from '../../../src-main/backend/train/checkpoint';
import { buildNet, topologyFor, type DataShape } from '../../../src-main/backend/train/model';
import { Trainer } from '../../../src-main/backend/train/trainer';
import { runJob, tempDir } from './trainer-fixtures';
import { hasWebgpu } from './webgpu-adapter';

const data: DataShape = { kind: 'image', shape: [8, 8, 1] };
const batch = (n: number) => new Float32Array(n * 64).map((_, i) => Math.sin(0.37 * i));
const settings = { ...defaultRunConfig, learningRate: 1e-3, warmupSteps: 2, emaDecay: 0.9 };

/** A tiny U-Net trainer with a learned diffusion (so both Adam groups have state), on the active backend. */
function tinyTrainer(spec = learnedSpec(randomLearnedParams(2, 1))) {
  const topology = topologyFor('tiny', data, spec.k);
  const net = buildNet(topology, 0);
  const diffusion = createTensorDiffusion(spec);
  const trainer = new Trainer(net, diffusion, { ...settings, seed: 0, microBatch: 2 });
  const dispose = () => {
    trainer.dispose();
    diffusion.dispose();
    tf.dispose(net.variables);
  };
  return { topology, net, diffusion, trainer, dispose };
}

async function trainAndSave(steps: number, dir: string): Promise<CheckpointContents> {
  const t = tinyTrainer();
  for (let i = 0; i < steps; i++) await t.trainer.trainStep(batch(4), [4, 8, 8, 1]);
  const contents: CheckpointContents = {
    runId: 1,
    step: t.trainer.step,
    config: { ...settings, model: 'tiny', backend: tf.getBackend() as RunConfig['backend'] },
    diffusion: t.diffusion.toSpec(),
    dataset: { name: 'mnist', ...data },
    topology: t.topology,
    weights: await t.net.getWeights(),
    data: { epoch: 0, index: steps },
    netRngState: t.net.rngState,
    trainer: await t.trainer.getState(),
  };
  await saveCheckpoint(dir, contents);
  t.dispose();
  return contents;
}

/** Loads a checkpoint on the active backend and reads everything back. */
async function loadAndRead(dir: string) {
  const loaded = await loadCheckpoint(`${dir}/checkpoints/step-0000002`);
  const t = tinyTrainer(loaded.diffusion);
  t.net.setWeights(loaded.weights);
  t.trainer.setState(loaded.trainer);
  const read = {
    weights: await t.net.getWeights(),
    trainer: await t.trainer.getState(),
    diffusion: t.diffusion.toSpec(),
  };
  t.dispose();
  return read;
}

describe.skipIf(!hasWebgpu)('training on webgpu', () => {
  it('keeps the tensor count and bytes flat over 20 steps of the tiny U-Net', async () => {
    await selectBackend({ prefer: 'webgpu' });
    const t = tinyTrainer();
    const seen: { numTensors: number; numBytes: number }[] = [];
    for (let i = 0; i < 20; i++) {
      await t.trainer.trainStep(batch(4), [4, 8, 8, 1]);
      const { numTensors, numBytes } = tf.memory();
      seen.push({ numTensors, numBytes });
    }
    t.dispose();
    expect(seen.slice(2)).toEqual(Array(18).fill(seen[2]));
  });

  it('writes checkpoints that load on wasm with identical parameters and optimizer state, and back', async () => {
    for (const [from, to] of [
      ['webgpu', 'wasm'],
      ['wasm', 'webgpu'],
    ] as const) {
      await selectBackend({ prefer: from });
      const dir = tempDir(`neutral-${from}`);
      const saved = await trainAndSave(2, dir);
      await selectBackend({ prefer: to });
      const read = await loadAndRead(dir);
      expect(read.weights, `${from} → ${to}`).toEqual(saved.weights);
      expect(read.trainer, `${from} → ${to}`).toEqual(saved.trainer);
      expect(read.diffusion.learned).toEqual(saved.diffusion.learned);
    }
  });

  it('runs a tiny-U-Net MNIST job (samples, test BPD, the adapter recorded) that resumes on wasm', async () => {
    const config: RunConfig = {
      ...defaultRunConfig,
      name: 'webgpu',
      model: 'tiny',
      steps: 4,
      batchSize: 8,
      learningRate: 1e-3,
      warmupSteps: 0,
      backend: 'webgpu',
      sampleEvery: 4,
      sampleCount: 4,
      sampleSteps: 4,
      checkpointEvery: 4,
      evalImages: 16,
    };
    const dir = tempDir('webgpu-job');
    const first = await runJob(config, dir);
    expect(first.error).toBeNull();
    const started = first.messages[0] as Extract<WorkerMessage, { type: 'started' }>;
    expect(started).toMatchObject({ type: 'started', backend: 'webgpu', step: 0 });
    expect(started.device).toMatch(/\S/);
    expect(first.messages.some((m) => m.type === 'sample')).toBe(true);
    const testBpd = first.messages.flatMap((m) =>
      m.type === 'metrics' && m.values['test/bpd'] !== undefined ? [m.values['test/bpd']] : [],
    );
    expect(testBpd).toHaveLength(1);
    expect(Number.isFinite(testBpd[0])).toBe(true);
    for (const loss of first.losses.values()) expect(Number.isFinite(loss)).toBe(true);

    const checkpoint = first.messages.flatMap((m) => (m.type === 'checkpoint' ? [m.path] : []));
    const second = await runJob({ ...config, steps: 6, backend: 'wasm', evalImages: 0 }, dir, {
      resumeFrom: checkpoint.at(-1)!,
    });
    expect(second.error).toBeNull();
    expect(second.messages[0]).toMatchObject({ type: 'started', backend: 'wasm', step: 4 });
    expect([...second.losses.keys()]).toEqual([5, 6]);
    expect(second.messages.at(-1)).toEqual({ type: 'finished', status: 'completed', step: 6 });
  });
});
