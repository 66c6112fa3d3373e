import { defineCommand } from '../command';
import { jsonFlag } from '../common-flags';
import { probeComputeBackends } from '../../backend/compute-backends';
import { dataDir } from '../../backend/paths';
import { systemInfo } from '../../backend/system-info';

/** `mdm system`: versions, CPU, data directory and which compute backends load. */
export const systemCommand = defineCommand({
  name: 'system',
  summary: 'show versions, compute backends and the data directory',
  synopsis: 'mdm system [--json]',
  flags: { json: jsonFlag },
  async run(values, _positionals, io) {
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
});
