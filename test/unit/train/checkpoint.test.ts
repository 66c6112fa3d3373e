import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { learnedSpec, randomLearnedParams } from '#shared/mdm/spec';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import {
  checkpointDirName,
  loadCheckpoint,
  saveCheckpoint,
  type CheckpointContents,
} from '../../../src-main/backend/train/checkpoint';
import { buildNet, topologyFor } from '../../../src-main/backend/train/model';
import { restoreModel } from '../../../src-main/backend/train/restore';
import { Trainer } from '../../../src-main/backend/train/trainer';
import { tempDir, toyConfig } from './trainer-fixtures';

const data = { kind: 'points' as const, shape: [1, 1, 2] as [number, number, number] };

/** A trainer after a few steps on random points, with a learned diffusion (so the diffusion has Adam slots). */
async function trainedState(): Promise<{
  contents: CheckpointContents;
  trainer: Trainer;
  dispose: () => void;
}> {
  const config = toyConfig({ diffusion: { preset: 'learned', k: 2 } });
  const spec = learnedSpec(randomLearnedParams(2, 1));
  const diffusion = createTensorDiffusion(spec);
  const topology = topologyFor('mlp', data, 2);
  const net = buildNet(topology, 0);
  const trainer = new Trainer(net, diffusion, { ...config, seed: 0 });
  const x = new Float32Array(Array.from({ length: 16 }, (_, i) => Math.sin(i)));
  for (let i = 0; i < 3; i++) await trainer.trainStep(x, [8, 1, 1, 2]);
  const contents: CheckpointContents = {
    runId: 7,
    step: trainer.step,
    config,
    diffusion: diffusion.toSpec(),
    dataset: { name: 'eight-gaussians', ...data },
    topology,
    weights: await net.getWeights(),
    data: { epoch: 0, index: 3 },
    netRngState: net.rngState,
    trainer: await trainer.getState(),
  };
  return {
    contents,
    trainer,
    dispose: () => {
      trainer.dispose();
      tf.dispose(net.variables);
      diffusion.dispose();
    },
  };
}

describe('checkpoints', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('round-trips weights, EMA, Adam state, learned diffusion and cursor exactly', async () => {
    const { contents, dispose } = await trainedState();
    const runDir = tempDir('ckpt');
    const saved = await saveCheckpoint(runDir, contents);
    expect(saved.path).toBe(path.join(runDir, 'checkpoints', 'step-0000003'));
    const files = fs.readdirSync(saved.path).sort();
    expect(files).toEqual(['ema.bin', 'model.json', 'optimizer.bin', 'state.json', 'weights.bin']);
    expect(saved.sizeBytes).toBe(
      files.reduce((n, f) => n + fs.statSync(path.join(saved.path, f)).size, 0),
    );
    expect(fs.readdirSync(path.join(runDir, 'checkpoints'))).toEqual(['step-0000003']); // no temp folder left

    const model = JSON.parse(fs.readFileSync(path.join(saved.path, 'model.json'), 'utf8'));
    expect(model.modelTopology).toEqual(contents.topology);
    expect(model.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(model.weightsManifest[0].weights[0]).toEqual({
      name: contents.weights[0]!.name,
      shape: contents.weights[0]!.shape,
      dtype: 'float32',
    });
    const bin = fs.readFileSync(path.join(saved.path, 'weights.bin'));
    expect(bin.readFloatLE(0)).toBe(contents.weights[0]!.values[0]);

    const loaded = await loadCheckpoint(saved.path);
    expect(loaded).toEqual(contents);
    expect(loaded.diffusion.learned).toEqual(contents.diffusion.learned);
    dispose();
  });

  it('restores a trainer that continues identically, and a model with the EMA weights', async () => {
    const a = await trainedState();
    const saved = await saveCheckpoint(tempDir('ckpt2'), a.contents);
    const restored = await restoreModel(saved.path);
    expect(restored.usesEma).toBe(true);
    expect(await restored.net.getWeights()).toEqual(a.contents.trainer.ema!.weights);
    expect(restored.diffusion.toSpec()).toEqual(a.contents.diffusion);
    restored.dispose();

    const loaded = await loadCheckpoint(saved.path);
    const diffusion = createTensorDiffusion(loaded.diffusion);
    const net = buildNet(loaded.topology, 99);
    net.setWeights(loaded.weights);
    const b = new Trainer(net, diffusion, { ...loaded.config, seed: 0 });
    b.setState(loaded.trainer);
    const x = new Float32Array(16).fill(0.5);
    const next = await a.trainer.trainStep(x, [8, 1, 1, 2]);
    const again = await b.trainStep(x, [8, 1, 1, 2]);
    expect(again.step).toBe(4);
    expect(again.loss).toBe(next.loss);
    expect(again.gradNorm).toBe(next.gradNorm);
    expect(await net.getWeights()).toEqual(await a.trainer.net.getWeights());
    a.dispose();
    b.dispose();
    tf.dispose(net.variables);
    diffusion.dispose();
  });

  it('names what is wrong with a missing or damaged checkpoint', async () => {
    const { contents, dispose } = await trainedState();
    dispose();
    const dir = tempDir('ckpt3');
    await expect(loadCheckpoint(dir)).rejects.toThrow(
      `${path.join(dir, 'state.json')} does not exist: not a checkpoint folder`,
    );
    const saved = await saveCheckpoint(dir, contents);
    const weights = path.join(saved.path, 'weights.bin');
    fs.truncateSync(weights, 10);
    await expect(loadCheckpoint(saved.path)).rejects.toThrow(/weights\.bin is truncated: 10 bytes/);
    fs.writeFileSync(path.join(saved.path, 'state.json'), '{');
    await expect(loadCheckpoint(saved.path)).rejects.toThrow(
      /state\.json is damaged: not valid JSON/,
    );
    expect(checkpointDirName(123)).toBe('step-0000123');
  });
});
