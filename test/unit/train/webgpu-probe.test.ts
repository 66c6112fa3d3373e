import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** A fresh process with no Vulkan driver at all: the probe must answer, quickly, with what to install. */
describe('webgpu probe without a driver', () => {
  it('reports the missing driver and the exact package instead of hanging or crashing', () => {
    const script = [
      "import { probeWebgpuAdapter } from './src-main/backend/webgpu-adapter.ts';",
      'console.log(JSON.stringify(await probeWebgpuAdapter()));',
    ].join('\n');
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: {
          ...process.env,
          VK_ICD_FILENAMES: '/nonexistent/icd.json',
          VK_DRIVER_FILES: '/nonexistent/icd.json',
        },
        encoding: 'utf8',
        timeout: 60_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const found = JSON.parse(out.trim().split('\n').pop()!) as {
      ok: boolean;
      reason: string;
      enable: string;
    };
    expect(found.ok).toBe(false);
    expect(found.reason).toMatch(/no WebGPU adapter/);
    if (process.platform === 'linux')
      expect(found.enable).toContain('apt-get install -t bookworm-backports mesa-vulkan-drivers');
  });
});
