import { diffusionChoiceFromName } from '#shared/config/diffusion-choice';
import { defaultRunConfig } from '#shared/config/run-config';
import { paperDifferences, PROTOCOL_NAMES, PROTOCOLS } from '#shared/config/protocols';
import { dataDir } from '../../backend/paths';
import { defineCommand } from '../command';
import { backendFlag, dataDirFlag, jsonFlag } from '../common-flags';
import { askedNote } from '../runs/action';
import { call } from '../runs/call';
import { followRun } from '../runs/follow';
import { printRunSummary } from '../runs/summary';
import { withCliService } from '../runs/service';

const d = defaultRunConfig;

// A learned diffusion's defaults, so that the learned initialisation is listed too.
const differences = paperDifferences({ ...d, diffusion: { preset: 'learned', k: 2 } }, null)
  .map((x) => `  ${x.setting.padEnd(24)}${x.value.padEnd(25)}paper: ${x.paper}`)
  .join('\n');

/** `mdm train`: creates a run through the handlers and follows it to the end. */
export const trainCommand = defineCommand({
  name: 'train',
  summary: 'train a diffusion model and record the run',
  synopsis: 'mdm train [options]',
  description:
    'Trains a score model and records the run (metrics, samples, checkpoints) in the run store.\n' +
    'Ctrl-C stops the run after saving a checkpoint; `mdm runs resume ID` continues it.\n' +
    'When the app or mdm serve trains this data directory, the run is queued there (follow it with\n' +
    '`mdm runs show ID`); another mdm train or mdm sweep create refuses it.\n\n' +
    '--protocol fixes settings together and records them with the run (a flag that contradicts it is refused):\n' +
    `  paper:  ${PROTOCOLS.paper.summary}\n` +
    `  budget: ${PROTOCOLS.budget.summary}\n\n` +
    "Defaults that differ from the paper's protocol:\n" +
    differences,
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
    protocol: {
      type: 'enum',
      values: PROTOCOL_NAMES,
      default: 'custom',
      help: 'settings fixed together and recorded with the run (see below)',
    },
    // The settings a protocol may fix declare no table default: an omitted flag leaves the protocol's value.
    steps: { type: 'int', min: 1, help: `training steps (default ${d.steps})` },
    minutes: {
      type: 'number',
      above: 0,
      help: 'time budget: training ends after this many minutes of steps, or at --steps',
    },
    batch: { type: 'int', min: 1, max: 4096, help: `batch size (default ${d.batchSize})` },
    lr: { type: 'number', above: 0, help: `Adam learning rate (default ${d.learningRate})` },
    warmup: {
      type: 'int',
      min: 0,
      help: `linear learning-rate warm-up steps (default ${d.warmupSteps})`,
    },
    ema: {
      type: 'number',
      min: 0,
      max: 1,
      help: `EMA decay of the weights used for samples and test BPD; 0 turns EMA off (default ${d.emaDecay})`,
    },
    'clip-scale': {
      type: 'enum',
      values: ['per-image', 'per-dim'],
      help: `the loss whose gradient norm is clipped at 2: per-image (the mean −ELBO per image in nats, as the authors) or per-dim (default ${d.clipScale})`,
    },
    hflip: {
      type: 'boolean',
      help: 'random horizontal flips of training images (CIFAR-10, ImageNet32)',
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
      help: `test images for the final test BPD; 0 skips it (default ${d.evalImages})`,
    },
    'data-dir': dataDirFlag,
    json: { ...jsonFlag, help: 'print the finished run as JSON' },
  },
  async run(values, _positionals, io) {
    const diffusion = diffusionChoiceFromName(values.diffusion);
    // Omitted settings stay out, so the defaults or the protocol fill them in.
    const config = Object.fromEntries(
      Object.entries({
        name: values.name ?? `${values.dataset}-${values.diffusion}`,
        protocol: values.protocol,
        dataset: values.dataset,
        diffusion,
        model: values.model,
        steps: values.steps,
        budgetMinutes: values.minutes,
        batchSize: values.batch,
        learningRate: values.lr,
        warmupSteps: values.warmup,
        emaDecay: values.ema,
        clipScale: values['clip-scale'],
        hflip: values.hflip || undefined,
        backend: values.backend,
        seed: values.seed,
        sampleEvery: values['sample-every'],
        checkpointEvery: values['checkpoint-every'],
        evalImages: values['eval-images'],
      }).filter(([, v]) => v !== undefined),
    );
    return withCliService(
      { dataDir: values['data-dir'], manageRuns: true },
      async (service, handlers) => {
        const run = await call(handlers, 'runs-create', { config });
        const home = values['data-dir'] ?? dataDir();
        const asked = askedNote(run, home);
        io.err(`run ${run.id} (${run.name}): ${run.diffusion}, K=${run.k}, ${run.dataset}${asked}`);
        // Trained by the owner that was asked: follow it with mdm runs show.
        if (asked) return 0;
        const status = await followRun(service, run.id, run.progress.total, io);
        await printRunSummary(handlers, run.id, io, values.json);
        return status === 'completed' || status === 'stopped' ? 0 : 1;
      },
    );
  },
});
