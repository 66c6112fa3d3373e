import os from 'node:os';
import path from 'node:path';

/** The per-user data directory: $MDM_HOME, else the platform's app-data folder, else ~/.mdm-studio. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MDM_HOME) return path.resolve(env.MDM_HOME);
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'MDM Studio');
  if (process.platform === 'darwin') {
    return path.join(os.homedir(), 'Library', 'Application Support', 'MDM Studio');
  }
  return path.join(os.homedir(), '.mdm-studio');
}
