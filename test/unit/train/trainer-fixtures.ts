/** Shared by the training tests: small run configs and an in-process runner that collects what a job reports. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultRunConfig, type RunConfig } from '#shared/config/run-config';
import { specOfChoice } from '#shared/config/diffusion-choice';
import type { WorkerMessage } from '../../../src-main/backend/runs/protocol';
import { runTrainingJob } from '../../../src-main/backend/train/job';

/** A 2-D toy run with the MLP on the cpu backend: fast enough for unit tests. */
export function toyConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    ...defaultRunConfig,
    name: 'test',
    dataset: 'eight-gaussians',
    model: 'mlp',
    diffusion: { preset: 'vpsde' },
    steps: 6,
    batchSize: 32,
    learningRate: 1e-3,
    warmupSteps: 2,
    emaDecay: 0.9,
    backend: 'cpu',
    seed: 3,
    sampleEvery: 0,
    sampleCount: 16,
    sampleSteps: 10,
    checkpointEvery: 0,
    evalImages: 0,
    ...overrides,
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mdm-${prefix}-`));
}

export interface JobResult {
  messages: WorkerMessage[];
  losses: Map<number, number>;
  error: Error | null;
}

/** Runs a job in-process; `onMessage` may abort through the controller passed to it. */
export async function runJob(
  config: RunConfig,
  runDir: string,
  options: {
    resumeFrom?: string | null;
    onMessage?: (m: WorkerMessage, stop: () => void) => void;
  } = {},
): Promise<JobResult> {
  const controller = new AbortController();
  const messages: WorkerMessage[] = [];
  const losses = new Map<number, number>();
  let error: Error | null = null;
  try {
    await runTrainingJob(
      {
        runId: 1,
        config,
        diffusion: specOfChoice(config.diffusion, config.seed),
        runDir,
        dataDir: runDir,
        resumeFrom: options.resumeFrom ?? null,
        signal: controller.signal,
      },
      (m) => {
        messages.push(m);
        if (m.type === 'metrics' && m.values.loss !== undefined) losses.set(m.step, m.values.loss);
        options.onMessage?.(m, () => controller.abort());
      },
    );
  } catch (e) {
    error = e as Error;
  }
  return { messages, losses, error };
}
