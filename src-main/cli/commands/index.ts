import type { CliCommand } from '../command';
import { datasetsCommand } from './datasets';
import { diffusionCommand } from './diffusion';
import { serveCommand } from './serve';
import { systemCommand } from './system';

/** Every `mdm` sub-command, in the order `mdm --help` lists them. */
export const commands: CliCommand[] = [serveCommand, systemCommand, diffusionCommand, datasetsCommand];
