import os from 'node:os';

/** Describes the machine a benchmark ran on; every benchmark's JSON carries it. */
export function machineInfo(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
  };
}

/** Prints one benchmark result as JSON on stdout, with the machine attached. */
export function printBenchResult(name: string, result: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: name, machine: machineInfo(), ...result }, null, 2));
}
