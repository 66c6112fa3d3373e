import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { MdmError } from '#shared/errors';
import { newToken } from './auth';

/**
 * `mdm serve --token-file FILE`: the token in FILE, or a new one written there (0600), so the
 * server keeps its token across restarts and remotes that know it reconnect by themselves.
 */
export function tokenFromFile(file: string): string {
  if (!existsSync(file)) {
    const token = newToken();
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600); // the mode option is masked by the umask
    return token;
  }
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new MdmError(
      'forbidden',
      `--token-file ${file} holds a token but others can read it (mode ${mode.toString(8)}): chmod 600 it`,
    );
  const token = readFileSync(file, 'utf8').trim();
  if (!/^[\w-]{16,200}$/.test(token))
    throw new MdmError(
      'invalid',
      `--token-file ${file}: expected 16 to 200 letters, digits, - or _`,
    );
  return token;
}
