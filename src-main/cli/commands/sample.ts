import fs from 'node:fs/promises';
import path from 'node:path';
import { encodePng } from '../../backend/export/png';
import { checkpointDirName } from '../../backend/train/checkpoint';
import { drawSamples, type SampleMethod } from '../../backend/train/sample';
import { samplesImage } from '../../backend/train/sample-image';
import { restoreModel } from '../../backend/train/restore';
import { MdmError } from '#shared/errors';
import { defineCommand } from '../command';
import { backendFlag, jsonFlag } from '../common-flags';
import { checkpointDir, useBackend } from './checkpoint-source';

/** Where samples go by default: next to the run's checkpoints, or the current folder for a loose checkpoint. */
function defaultOut(dir: string, step: number, method: SampleMethod): string {
  const parent = path.dirname(dir);
  const base =
    path.basename(parent) === 'checkpoints'
      ? path.join(path.dirname(parent), 'samples')
      : process.cwd();
  return path.join(base, `${checkpointDirName(step)}-${method}.png`);
}

/** `mdm sample`: draws samples from a checkpoint into a PNG grid. */
export const sampleCommand = defineCommand({
  name: 'sample',
  summary: 'draw samples from a checkpoint into a PNG grid',
  synopsis: 'mdm sample (--run ID | --checkpoint DIR) [options]',
  description:
    'Draws samples from a trained model (its EMA weights when the run kept them): Euler–Maruyama on the reverse\n' +
    'SDE (em) or Heun on the probability-flow ODE (ode), S steps on a quadratic time grid, and writes a PNG grid\n' +
    '(a density histogram for 2-D toy data).',
  flags: {
    run: { type: 'int', arg: 'ID', min: 1, help: 'the run whose latest checkpoint to sample' },
    checkpoint: { type: 'string', arg: 'DIR', help: 'a checkpoint folder (holding state.json)' },
    count: { type: 'int', min: 1, help: 'samples to draw (default 64, 2000 for 2-D toys)' },
    steps: { type: 'int', min: 1, default: 500, help: 'sampler steps' },
    method: { type: 'enum', values: ['em', 'ode'], default: 'em', help: 'sampler' },
    seed: { type: 'int', min: 0, default: 0, help: 'seed of the sampler noise' },
    out: {
      type: 'string',
      arg: 'FILE.png',
      help: 'the PNG to write (default <run folder>/samples/step-NNNNNNN-METHOD.png)',
    },
    backend: backendFlag,
    json: jsonFlag,
  },
  async run(values, _positionals, io) {
    const method = values.method;
    const dir = checkpointDir(values);
    const { steps, seed } = values;
    if (values.out !== undefined && !values.out.toLowerCase().endsWith('.png'))
      throw new MdmError('invalid', `--out must name a .png file, got '${values.out}'`);
    const backend = await useBackend(values.backend);
    const restored = await restoreModel(dir);
    try {
      const c = restored.checkpoint;
      const count = values.count ?? (c.dataset.kind === 'points' ? 2000 : 64);
      let lastTenth = -1;
      const started = performance.now();
      const x = drawSamples(restored.model, c.diffusion, {
        count,
        shape: c.dataset.shape,
        method,
        steps,
        seed,
        onStep: ({ index, steps: total }) => {
          const tenth = Math.floor((10 * index) / total);
          if (values.json || tenth === lastTenth) return;
          lastTenth = tenth;
          io.err(`step ${index}/${total}`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const image = samplesImage(x, count, c.dataset, c.config.transform);
      const out = path.resolve(values.out ?? defaultOut(dir, c.step, method));
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, encodePng(image));
      const summary = {
        path: out,
        count,
        steps,
        method,
        seed,
        step: c.step,
        width: image.width,
        height: image.height,
        ema: restored.usesEma,
        backend,
        seconds,
      };
      if (values.json) io.out(JSON.stringify(summary, null, 2));
      else
        io.out(
          `wrote ${count} samples (${method}, ${steps} steps, ${restored.usesEma ? 'EMA' : 'trained'} weights of step ${c.step}) to ${out} in ${seconds.toFixed(1)} s`,
        );
      return 0;
    } finally {
      restored.dispose();
    }
  },
});
