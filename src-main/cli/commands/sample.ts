import fs from 'node:fs/promises';
import path from 'node:path';
import { encodePng } from '../../backend/export/png';
import { checkpointDirName } from '../../backend/train/checkpoint';
import { drawSamples, type SampleMethod } from '../../backend/train/sample';
import { samplesImage } from '../../backend/train/sample-image';
import { restoreModel } from '../../backend/train/restore';
import { UsageError, type CliCommand } from '../command';
import { checkpointDir, intOption, parseOptions, useBackend } from './checkpoint-source';

const USAGE = `Usage: mdm sample --run ID | --checkpoint DIR [--count N] [--steps S] [--method em|ode] [--seed N] [--out FILE.png] [--backend B] [--json]

Draws samples from a trained model (its EMA weights when the run kept them): Euler–Maruyama on the reverse SDE
(em, default) or Heun on the probability-flow ODE (ode), S steps on a quadratic time grid (default 500), and writes
a PNG grid (a density histogram for 2-D toy data). Default --out: <run folder>/samples/step-NNNNNNN-METHOD.png.`;

/** Where samples go by default: next to the run's checkpoints, or the current folder for a loose checkpoint. */
function defaultOut(dir: string, step: number, method: SampleMethod): string {
  const parent = path.dirname(dir);
  const base =
    path.basename(parent) === 'checkpoints'
      ? path.join(path.dirname(parent), 'samples')
      : process.cwd();
  return path.join(base, `${checkpointDirName(step)}-${method}.png`);
}

export const sampleCommand: CliCommand = {
  name: 'sample',
  summary: 'draw samples from a checkpoint into a PNG grid',
  usage: USAGE,
  async run(args, io) {
    const values = parseOptions(args, {
      run: { type: 'string' },
      checkpoint: { type: 'string' },
      count: { type: 'string' },
      steps: { type: 'string' },
      method: { type: 'string', default: 'em' },
      seed: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const method = values.method;
    if (method !== 'em' && method !== 'ode')
      throw new UsageError(`--method must be em or ode, got '${method}'`);
    const dir = checkpointDir(values);
    const steps = intOption(values.steps, 'steps', 500);
    const seed = intOption(values.seed, 'seed', 0, 0);
    const countFlag = intOption(values.count, 'count', 0);
    if (values.out !== undefined && !values.out.toLowerCase().endsWith('.png'))
      throw new UsageError(`--out must name a .png file, got '${values.out}'`);
    const backend = await useBackend(values.backend);
    const restored = await restoreModel(dir);
    try {
      const c = restored.checkpoint;
      const count = countFlag || (c.dataset.kind === 'points' ? 2000 : 64);
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
};
