import { LIMITS } from '#shared/mdm/limits';
import path from 'node:path';
import { SAMPLE_METHODS } from '#shared/api/checkpoint-tasks';
import { MdmError } from '#shared/errors';
import { defineCommand } from '../command';
import { checkpointFlags, runCheckpointTask } from '../checkpoint-flags';

/** The folder and file name --out names; absent, the handler's default. */
function target(out: string | undefined): { folder?: string; fileName?: string } {
  if (out === undefined) return {};
  if (!out.toLowerCase().endsWith('.png'))
    throw new MdmError('invalid', `--out must name a .png file, got '${out}'`);
  const file = path.resolve(out);
  return { folder: path.dirname(file), fileName: path.basename(file) };
}

/** `mdm sample`: draws samples from a checkpoint into a PNG grid, through 'runs-sample'. */
export const sampleCommand = defineCommand({
  name: 'sample',
  summary: 'draw samples from a checkpoint into a PNG grid',
  synopsis: 'mdm sample (--run ID | --checkpoint DIR) [options]',
  description:
    'Draws samples from a trained model (its EMA weights when the run kept them): Euler–Maruyama on the reverse\n' +
    'SDE (em) or Heun on the probability-flow ODE (ode), S steps on a quadratic time grid, and writes a PNG grid\n' +
    '(a density histogram for 2-D toy data).',
  flags: {
    ...checkpointFlags,
    count: { type: 'int', min: 1, help: 'samples to draw (default 64, 2000 for 2-D toys)' },
    steps: {
      type: 'int',
      min: 1,
      max: LIMITS.maxSampleSteps,
      default: 500,
      help: 'sampler steps',
    },
    method: { type: 'enum', values: SAMPLE_METHODS, default: 'em', help: 'sampler' },
    seed: { type: 'int', min: 0, default: 0, help: 'seed of the sampler noise' },
    out: {
      type: 'string',
      arg: 'FILE.png',
      help: 'the PNG to write (default <run folder>/samples/step-NNNNNNN-METHOD.png, or the current folder for --checkpoint)',
    },
  },
  async run(values, _positionals, io) {
    const where = target(values.out);
    const result = await runCheckpointTask(values, io, 'step', 'runs-sample', {
      ...(values.count === undefined ? {} : { count: values.count }),
      steps: values.steps,
      method: values.method,
      seed: values.seed,
      ...where,
    });
    if (values.json) io.out(JSON.stringify(result, null, 2));
    else
      io.out(
        `wrote ${result.count} samples (${result.method}, ${result.steps} steps, ${result.ema ? 'EMA' : 'trained'} weights of step ${result.step}) to ${result.path} in ${result.seconds.toFixed(1)} s`,
      );
    return 0;
  },
});
