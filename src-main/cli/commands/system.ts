import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { probeComputeBackends } from '../../backend/compute-backends';
import { dataDir } from '../../backend/paths';
import { systemInfo } from '../../backend/system-info';

export const systemCommand: CliCommand = {
  name: 'system',
  summary: 'show versions, compute backends and the data directory',
  usage: 'Usage: mdm system [--json]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    const info = await systemInfo(dataDir(), 'http', probeComputeBackends);
    if (values.json) {
      io.out(JSON.stringify(info, null, 2));
      return 0;
    }
    io.out(`MDM Studio ${info.appVersion} on Node ${info.nodeVersion} (${info.platform})`);
    io.out(`CPU: ${info.cpuCount} × ${info.cpuModel}`);
    io.out(`Data directory: ${info.dataDir}`);
    io.out(`Compute backend: ${info.chosenBackend}`);
    for (const b of info.backends)
      io.out(`  ${b.available ? '✓' : '✗'} ${b.name.padEnd(14)} ${b.detail}`);
    return 0;
  },
};
