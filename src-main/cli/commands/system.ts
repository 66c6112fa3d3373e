import { defineCommand } from '../command';
import { jsonFlag } from '../common-flags';
import { probeComputeBackends } from '../../backend/compute-backends';
import { dataDir } from '../../backend/paths';
import { systemInfo } from '../../backend/system-info';
import { describeAdapter } from '../../backend/webgpu-adapter';

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
    for (const b of info.backends) {
      io.out(`  ${b.available ? '✓' : '✗'} ${b.name.padEnd(9)} ${b.detail}`);
      if (b.enable) io.out(`    ${' '.repeat(9)} to enable: ${b.enable}`);
    }
    const gpu = info.gpuAdapter;
    io.out(
      gpu
        ? `GPU adapter: ${describeAdapter(gpu)}; max buffer ${gpu.maxBufferSize} B, max storage binding ${gpu.maxStorageBufferBindingSize} B`
        : 'GPU adapter: none (see webgpu above)',
    );
    return 0;
  },
});
