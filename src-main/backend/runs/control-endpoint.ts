import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** Longest socket path every platform takes (sun_path is 108 bytes on Linux, 104 on macOS, with its NUL). */
const maxSocketPath = 100;

/**
 * Where the owner of a data directory's runs takes requests from other local processes
 * (control-server.ts): `<dataDir>/control.sock`, a per-user runtime folder when that path is too
 * long for a socket, a named pipe on Windows.
 */
export function controlEndpoint(dataDir: string): string {
  const home = path.resolve(dataDir);
  const tag = `mdm-${createHash('sha256').update(home).digest('hex').slice(0, 16)}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\${tag}`;
  const inHome = path.join(home, 'control.sock');
  if (Buffer.byteLength(inHome) <= maxSocketPath) return inHome;
  return path.join(process.env.XDG_RUNTIME_DIR ?? os.tmpdir(), `${tag}.sock`);
}
