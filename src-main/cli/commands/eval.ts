import { evaluate } from '../../backend/train/evaluate';
import { restoreModel, openCheckpointDataset } from '../../backend/train/restore';
import type { CliCommand } from '../command';
import { checkpointDir, intOption, parseOptions, useBackend } from './checkpoint-source';

const USAGE = `Usage: mdm eval --run ID | --checkpoint DIR [--images N] [--batch N] [--seed N] [--backend B] [--json]

Test-set likelihood of a trained model (its EMA weights when the run kept them): the ELBO with the offset term
over the first N test examples (default: all), as bits per dimension ± standard error, and each ELBO term.
2-D toy data is reported in nats per dimension.`;

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'test BPD ± standard error of a checkpoint, term by term',
  usage: USAGE,
  async run(args, io) {
    const values = parseOptions(args, {
      run: { type: 'string' },
      checkpoint: { type: 'string' },
      images: { type: 'string' },
      batch: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const dir = checkpointDir(values);
    const images = intOption(values.images, 'images', 0, 0);
    const batchSize = intOption(values.batch, 'batch', 100);
    const seed = intOption(values.seed, 'seed', 0, 0);
    const backend = await useBackend(values.backend);
    const restored = await restoreModel(dir);
    try {
      const c = restored.checkpoint;
      const dataset = await openCheckpointDataset(c);
      let lastTenth = -1;
      const started = performance.now();
      const result = await evaluate(restored.model, restored.diffusion, dataset, {
        images,
        batchSize,
        transform: c.config.transform,
        seed,
        tSampling: c.config.tSampling,
        onProgress: (done, total) => {
          const tenth = Math.floor((10 * done) / total);
          if (values.json || tenth === lastTenth || done === 0) return;
          lastTenth = tenth;
          io.err(`evaluated ${done}/${total}`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      if (values.json) {
        io.out(
          JSON.stringify(
            {
              checkpoint: dir,
              step: c.step,
              dataset: c.dataset.name,
              diffusion: c.diffusion.name,
              ema: restored.usesEma,
              backend,
              seconds,
              ...result,
            },
            null,
            2,
          ),
        );
        return 0;
      }
      const unit = result.unit === 'bpd' ? 'bits/dim' : 'nats/dim';
      io.out(
        `test ${unit}: ${result.value.toFixed(4)} ± ${result.stderr.toFixed(4)} over ${result.count} ${c.dataset.kind === 'points' ? 'points' : 'images'}`,
      );
      io.out(
        `  ${c.dataset.name}, ${c.diffusion.name} (K = ${c.diffusion.k}), step ${c.step}, ${restored.usesEma ? 'EMA' : 'trained'} weights, ${backend}, ${seconds.toFixed(1)} s`,
      );
      const t = result.terms;
      io.out(
        `  terms (${unit}): prior ${t.prior.toFixed(4)}  diffusion ${t.diffusion.toFixed(4)}  aux ${t.auxEntropy.toFixed(4)}  offset ${t.offset.toFixed(4)}`,
      );
      return 0;
    } finally {
      restored.dispose();
    }
  },
};
