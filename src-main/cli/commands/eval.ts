import { describeEvaluation, unitName } from '../../backend/train/evaluate';
import { defineCommand } from '../command';
import { checkpointFlags, runCheckpointTask } from '../checkpoint-flags';

/** `mdm eval`: the test-set ELBO of a checkpoint, term by term, through 'runs-evaluate'. */
export const evalCommand = defineCommand({
  name: 'eval',
  summary: 'test BPD ± standard error of a checkpoint, term by term',
  synopsis: 'mdm eval (--run ID | --checkpoint DIR) [options]',
  description:
    'Test-set likelihood of a trained model (its EMA weights when the run kept them): the ELBO with the offset\n' +
    'term over the first N test examples, as bits per dimension ± standard error, and each ELBO term.\n' +
    '2-D toy data is reported in nats per dimension.',
  flags: {
    ...checkpointFlags,
    'eval-images': {
      type: 'int',
      min: 0,
      default: 0,
      help: 'test examples to evaluate; 0 takes all',
    },
    batch: { type: 'int', min: 1, max: 4096, default: 100, help: 'batch size' },
    seed: { type: 'int', min: 0, default: 0, help: 'seed of the diffusion times and noise' },
    estimator: {
      type: 'enum',
      values: ['elbo', 'ode'],
      default: 'elbo',
      help: 'ode adds the probability-flow ODE likelihood (RK45, rtol = atol = 1e-5, Hutchinson trace) beside the ELBO; for K > 1 it estimates the bound over v0',
    },
  },
  async run(values, _positionals, io) {
    const result = await runCheckpointTask(values, io, 'evaluated', 'runs-evaluate', {
      images: values['eval-images'],
      batchSize: values.batch,
      seed: values.seed,
      estimator: values.estimator as 'elbo' | 'ode',
    });
    if (values.json) {
      io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    const unit = unitName(result);
    const t = result.terms;
    io.out(
      [
        describeEvaluation(result, result.datasetKind === 'points' ? 'points' : 'images'),
        `  ${result.dataset}, ${result.diffusion} (K = ${result.k}), step ${result.step}, ${result.ema ? 'EMA' : 'trained'} weights, ${result.backend}, ${result.seconds.toFixed(1)} s`,
        `  terms (${unit}): prior ${t.prior.toFixed(4)}  diffusion ${t.diffusion.toFixed(4)}  aux ${t.auxEntropy.toFixed(4)}  offset ${t.offset.toFixed(4)}`,
        ...(result.ode
          ? [
              `probability-flow ODE ${unit}: ${result.ode.value.toFixed(4)} ± ${result.ode.stderr.toFixed(4)}, ${Math.round(result.ode.nfe)} function evaluations per batch` +
                (result.ode.boundOverV0
                  ? ' (K > 1: the bound E_q(v0)[log p(x, v0) − log q(v0)] over v0, not log p(x))'
                  : ''),
            ]
          : []),
      ].join('\n'),
    );
    return 0;
  },
});
