import { diffusionChoiceFromName } from '#shared/config/diffusion-choice';
import { defaultRunConfig } from '#shared/config/run-config';
import { defineCommand } from '../command';
import { backendFlag, dataDirFlag, jsonFlag } from '../common-flags';
import { call } from '../runs/call';
import { followRun } from '../runs/follow';
import { printRunSummary } from '../runs/summary';
import { openCliService } from '../runs/service';

const d = defaultRunConfig;

/** `mdm train`: creates a run through the handlers and follows it to the end. */
export const trainCommand = defineCommand({
  name: 'train',
  summary: 'train a diffusion model and record the run',
  synopsis: 'mdm train [options]',
  description:
    'Trains a score model and records the run (metrics, samples, checkpoints) in the run store.\n' +
    'Ctrl-C stops the run after saving a checkpoint; `mdm runs resume ID` continues it.',
  flags: {
    dataset: {
      type: 'string',
      arg: 'NAME',
      default: 'mnist',
      help: 'mnist, an imported cifar10/imagenet32, or a 2-D toy',
    },
    diffusion: {
      type: 'string',
      arg: 'NAME',
      default: 'vpsde',
      help: 'vpsde | cld | alda | malda[-K] | learned[-K][-full]',
    },
    model: { type: 'string', arg: 'SIZE', help: 'tiny (default) | mnist | cifar | mlp (2-D toys)' },
    steps: { type: 'int', min: 1, default: d.steps, help: 'training steps' },
    batch: { type: 'int', min: 1, max: 4096, default: d.batchSize, help: 'batch size' },
    lr: { type: 'number', above: 0, default: d.learningRate, help: 'Adam learning rate' },
    warmup: {
      type: 'int',
      min: 0,
      default: d.warmupSteps,
      help: 'linear learning-rate warm-up steps',
    },
    ema: {
      type: 'number',
      min: 0,
      max: 1,
      default: d.emaDecay,
      help: 'EMA decay of the weights used for samples and test BPD; 0 turns EMA off',
    },
    backend: backendFlag,
    seed: {
      type: 'int',
      min: 0,
      default: d.seed,
      help: 'seed of data order, noise and initialisation',
    },
    name: { type: 'string', arg: 'NAME', help: 'run name (default <dataset>-<diffusion>)' },
    'sample-every': {
      type: 'int',
      min: 0,
      default: d.sampleEvery,
      help: 'sample grid every N steps; 0 never samples',
    },
    'checkpoint-every': {
      type: 'int',
      min: 0,
      default: d.checkpointEvery,
      help: 'checkpoint every N steps; 0 only at the end',
    },
    'eval-images': {
      type: 'int',
      min: 0,
      default: d.evalImages,
      help: 'test images for the final test BPD; 0 takes all',
    },
    'data-dir': dataDirFlag,
    json: { ...jsonFlag, help: 'print the finished run as JSON' },
  },
  async run(values, _positionals, io) {
    const diffusion = diffusionChoiceFromName(values.diffusion);
    const config = {
      name: values.name ?? `${values.dataset}-${values.diffusion}`,
      dataset: values.dataset,
      diffusion,
      ...(values.model === undefined ? {} : { model: values.model }),
      steps: values.steps,
      batchSize: values.batch,
      learningRate: values.lr,
      warmupSteps: values.warmup,
      emaDecay: values.ema,
      backend: values.backend,
      seed: values.seed,
      sampleEvery: values['sample-every'],
      checkpointEvery: values['checkpoint-every'],
      evalImages: values['eval-images'],
    };
    const service = openCliService({ dataDir: values['data-dir'], manageRuns: true });
    try {
      const handlers = service.handlers('http', { localPaths: true });
      const run = await call(handlers, 'runs-create', { config });
      io.err(`run ${run.id} (${run.name}): ${run.diffusion}, K=${run.k}, ${run.dataset}`);
      const status = await followRun(service, run.id, run.progress.total, io);
      await printRunSummary(handlers, run.id, io, values.json);
      return status === 'completed' || status === 'stopped' ? 0 : 1;
    } finally {
      await service.close();
    }
  },
});
