import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '#shared/config/run-config';
import { presetSpec } from '#shared/mdm/spec';
import type { WorkerMessage } from '../../../src-main/backend/runs/protocol';
import { spawnRunWorker } from '../../../src-main/backend/runs/worker-entry';
import { tempHome } from './support';

describe('an error crossing the worker boundary', () => {
  it('keeps its code through the structured clone of the failed message', async () => {
    const home = tempHome('worker-errors');
    const worker = spawnRunWorker();
    const failed = new Promise<WorkerMessage>((resolve) =>
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'failed') resolve(message);
      }),
    );
    // A U-Net on 2-D points: the job refuses it before training, in the worker thread.
    worker.postMessage({
      type: 'start',
      runId: 1,
      config: { ...defaultRunConfig, dataset: 'two-moons', model: 'tiny', backend: 'cpu' },
      diffusion: presetSpec('cld'),
      runDir: path.join(home, 'runs', '1'),
      dataDir: home,
      resumeFrom: null,
    });
    try {
      expect(await failed).toEqual({
        type: 'failed',
        error: {
          code: 'invalid',
          message: "model 'tiny' is a U-Net for images; 2-D point data needs model 'mlp'",
        },
      });
    } finally {
      await worker.terminate();
    }
  });
});
