import { evaluate } from '../../backend/train/evaluate';
import { restoreModel, openCheckpointDataset } from '../../backend/train/restore';
import { defineCommand } from '../command';
import { backendFlag, jsonFlag } from '../common-flags';
import { checkpointDir, useBackend } from './checkpoint-source';

/** `mdm eval`: the test-set ELBO of a checkpoint, term by term. */
export const evalCommand = defineCommand({
  name: 'eval',
  summary: 'test BPD ± standard error of a checkpoint, term by term',
  synopsis: 'mdm eval (--run ID | --checkpoint DIR) [options]',
  description:
    'Test-set likelihood of a trained model (its EMA weights when the run kept them): the ELBO with the offset\n' +
    'term over the first N test examples, as bits per dimension ± standard error, and each ELBO term.\n' +
    '2-D toy data is reported in nats per dimension.',
  flags: {
    run: { type: 'int', arg: 'ID', min: 1, help: 'the run whose latest checkpoint to evaluate' },
    checkpoint: { type: 'string', arg: 'DIR', help: 'a checkpoint folder (holding state.json)' },
    'eval-images': {
      type: 'int',
      min: 0,
      default: 0,
      help: 'test examples to evaluate; 0 takes all',
    },
    batch: { type: 'int', min: 1, default: 100, help: 'batch size' },
    seed: { type: 'int', min: 0, default: 0, help: 'seed of the diffusion times and noise' },
    backend: backendFlag,
    json: jsonFlag,
  },
  async run(values, _positionals, io) {
    const dir = checkpointDir(values);
    const images = values['eval-images'];
    const batchSize = values.batch;
    const seed = values.seed;
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
});
