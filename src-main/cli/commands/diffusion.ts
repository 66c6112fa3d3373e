import { UsageError, type CliCommand } from '../command';
import { runInspect } from './diffusion/inspect';
import { diffusionUsage } from './diffusion/options';
import { runVerify } from './diffusion/verify';

const usage = [
  'Usage: mdm diffusion inspect (--preset NAME | --q JSON --d JSON) [--t T] [options]',
  '       mdm diffusion verify  (--preset NAME | --q JSON --d JSON) [--x X --mu MU --var S2] [--samples N] [options]',
  '',
  'inspect  validates a diffusion and prints Φ_t and Σ_t of the full and hybrid kernels (docs/science.md §3)',
  'verify   the exact-score check of docs/science.md §4: ELBO of Gaussian data with the exact score vs log p(x)',
  '',
  diffusionUsage,
  '  --t T              time in [0, 1] for inspect (default 1)',
  '  --x X --mu MU --var S2  data point and Gaussian data law for verify (default 0.3, 0.1, 0.25)',
  '  --samples N        Monte Carlo samples for verify (default 20000); --mc-seed S seeds them (default 0)',
].join('\n');

/** `mdm diffusion`: inspect and verify diffusion specs. */
export const diffusionCommand: CliCommand = {
  name: 'diffusion',
  summary: 'validate a diffusion, print its kernels, check its ELBO against an exact score',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'inspect') return runInspect(rest, io);
    if (sub === 'verify') return runVerify(rest, io);
    throw new UsageError(`unknown sub-command '${sub ?? ''}' (choose inspect or verify)`);
  },
};
