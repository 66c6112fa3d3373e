import type { CliCommand } from '../command';
import { datasetsCommand } from './datasets';
import { diffusionCommand } from './diffusion';
import { runsCommand } from './runs';
import { serveCommand } from './serve';
import { systemCommand } from './system';
import { trainCommand } from './train';

/** Every `mdm` sub-command, in the order `mdm --help` lists them. */
export const commands: CliCommand[] = [
  trainCommand,
  runsCommand,
  serveCommand,
  systemCommand,
  diffusionCommand,
  datasetsCommand,
];
