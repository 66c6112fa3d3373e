import type { CliCommand } from '../command';
import { clusterCommand } from './cluster';
import { datasetsCommand } from './datasets';
import { diffusionCommand } from './diffusion';
import { doctorCommand } from './doctor';
import { evalCommand } from './eval';
import { remoteCommand } from './remote';
import { runsCommand } from './runs';
import { sampleCommand } from './sample';
import { sweepCommand } from './sweep';
import { serveCommand } from './serve';
import { systemCommand } from './system';
import { trainCommand } from './train';
import { workerCommand } from './worker';

/** Every `mdm` sub-command, in the order `mdm --help` lists them. */
export const commands: CliCommand[] = [
  trainCommand,
  runsCommand,
  sweepCommand,
  evalCommand,
  sampleCommand,
  serveCommand,
  workerCommand,
  clusterCommand,
  remoteCommand,
  systemCommand,
  doctorCommand,
  diffusionCommand,
  datasetsCommand,
];
