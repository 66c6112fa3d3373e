import { defineGroup } from '../command';
import { inspectCommand } from './diffusion/inspect';
import { verifyCommand } from './diffusion/verify';
import { designsCommand } from './diffusion/designs';

/** `mdm diffusion`: inspect and verify diffusion specs. */
export const diffusionCommand = defineGroup({
  name: 'diffusion',
  summary:
    'validate a diffusion, print its kernels, check its ELBO against an exact score, save designs',
  subcommands: [inspectCommand, verifyCommand, designsCommand],
});
