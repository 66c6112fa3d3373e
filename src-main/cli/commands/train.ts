import { parseArgs } from 'node:util';
import { diffusionChoiceFromName, DiffusionChoiceError } from '#shared/config/diffusion-choice';
import { defaultRunConfig } from '#shared/config/run-config';
import { UsageError, type CliCommand } from '../command';
import { call } from '../runs/call';
import { followRun } from '../runs/follow';
import { printRunSummary } from '../runs/summary';
import { openCliService } from '../runs/service';

const usage = `Usage: mdm train [options]

Trains a score model and records the run (metrics, samples, checkpoints) in the run store.
  --dataset NAME        mnist (default), an imported cifar10/imagenet32, or a 2-D toy
  --diffusion NAME      vpsde (default) | cld | alda | malda[-K] | learned[-K][-full]
  --model SIZE          tiny (default) | mnist | cifar | mlp (2-D toys)
  --steps N             training steps (default ${defaultRunConfig.steps})
  --batch N             batch size (default ${defaultRunConfig.batchSize})
  --lr LR               Adam learning rate (default ${defaultRunConfig.learningRate})
  --warmup N            linear learning-rate warm-up steps (default ${defaultRunConfig.warmupSteps})
  --ema DECAY           EMA decay of the weights used for samples and test BPD (0 = off; default ${defaultRunConfig.emaDecay})
  --backend NAME        auto (default) | node-gpu | node | wasm | cpu
  --seed S              seed of data order, noise and initialisation (default 0)
  --name NAME           run name (default <dataset>-<diffusion>)
  --sample-every N      sample grid every N steps (0 = never; default ${defaultRunConfig.sampleEvery})
  --checkpoint-every N  checkpoint every N steps (default ${defaultRunConfig.checkpointEvery})
  --eval-images N       test images for the final test BPD (default ${defaultRunConfig.evalImages})
  --out DIR             data directory for the store and run files (default: $MDM_HOME or ~/.mdm-studio)
  --json                print the finished run as JSON
Ctrl-C stops the run after saving a checkpoint; \`mdm runs resume ID\` continues it.`;

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`--${name} must be an integer ≥ 0, got '${raw}'`);
  return value;
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a diffusion model and record the run',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        dataset: { type: 'string', default: 'mnist' },
        diffusion: { type: 'string', default: 'vpsde' },
        model: { type: 'string' },
        steps: { type: 'string' },
        batch: { type: 'string' },
        lr: { type: 'string' },
        warmup: { type: 'string' },
        ema: { type: 'string' },
        backend: { type: 'string' },
        seed: { type: 'string' },
        name: { type: 'string' },
        'sample-every': { type: 'string' },
        'checkpoint-every': { type: 'string' },
        'eval-images': { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    let diffusion;
    try {
      diffusion = diffusionChoiceFromName(values.diffusion);
    } catch (error) {
      if (error instanceof DiffusionChoiceError) throw new UsageError(error.message);
      throw error;
    }
    const lr = values.lr === undefined ? undefined : Number(values.lr);
    if (lr !== undefined && !(lr > 0))
      throw new UsageError(`--lr must be a positive number, got '${values.lr}'`);
    const config = Object.fromEntries(
      Object.entries({
        name: values.name ?? `${values.dataset}-${values.diffusion}`,
        dataset: values.dataset,
        diffusion,
        model: values.model,
        steps: integer('steps', values.steps),
        batchSize: integer('batch', values.batch),
        learningRate: lr,
        warmupSteps: integer('warmup', values.warmup),
        emaDecay: values.ema === undefined ? undefined : Number(values.ema),
        backend: values.backend,
        seed: integer('seed', values.seed),
        sampleEvery: integer('sample-every', values['sample-every']),
        checkpointEvery: integer('checkpoint-every', values['checkpoint-every']),
        evalImages: integer('eval-images', values['eval-images']),
      }).filter(([, v]) => v !== undefined),
    );
    const service = openCliService({ out: values.out, manageRuns: true });
    try {
      const handlers = service.handlers('http');
      const run = await call(handlers, 'runs-create', { config });
      io.err(`run ${run.id} (${run.name}): ${run.diffusion}, K=${run.k}, ${run.dataset}`);
      const status = await followRun(service, run.id, run.progress.total, io);
      await printRunSummary(handlers, run.id, io, values.json);
      return status === 'completed' || status === 'stopped' ? 0 : 1;
    } finally {
      await service.close();
    }
  },
};
