import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MdmError } from '#shared/errors';

/** Another `mdm serve` this data directory's CLI talks to: its URL and its UI token. */
export interface Remote {
  name: string;
  url: string;
  token: string;
}

/**
 * Encrypts tokens at rest where the platform can (the app: Electron's `safeStorage`, keyed by the
 * OS keychain); serve and the CLI keep them in clear in the 0600 file, like an SSH key.
 */
export interface TokenSealer {
  seal(token: string): string;
  open(sealed: string): string;
}

/** One entry of remotes.json: the token in clear (serve, CLI) or sealed (the app). */
interface StoredRemote {
  name: string;
  url: string;
  token?: string;
  sealedToken?: string;
}

const NAME = /^[\w.-]{1,64}$/;
const URL_PATTERN = /^https?:\/\/[^\s/?#]+\/?$/;

/** `<dataDir>/remotes.json`: readable by its owner only (0600), like an SSH key. */
export function remotesFile(dataDir: string): string {
  return path.join(dataDir, 'remotes.json');
}

function unseal(entry: StoredRemote, sealer: TokenSealer | undefined): Remote {
  if (entry.token !== undefined) return { name: entry.name, url: entry.url, token: entry.token };
  if (entry.sealedToken === undefined || !sealer)
    throw new MdmError(
      'invalid',
      `remote ${entry.name}: its token is encrypted by the app's keychain; add it here again with mdm remote add`,
    );
  return { name: entry.name, url: entry.url, token: sealer.open(entry.sealedToken) };
}

/** The remotes of a data directory; a file others can read is refused, not used. */
export function readRemotes(dataDir: string, sealer?: TokenSealer): Remote[] {
  return readStored(dataDir).map((entry) => unseal(entry, sealer));
}

function readStored(dataDir: string): StoredRemote[] {
  const file = remotesFile(dataDir);
  if (!existsSync(file)) return [];
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new MdmError(
      'forbidden',
      `${file} holds tokens but others can read it (mode ${mode.toString(8)}): chmod 600 it`,
    );
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { remotes?: StoredRemote[] };
    return parsed.remotes ?? [];
  } catch {
    throw new MdmError('invalid', `${file} is not valid JSON`);
  }
}

function write(dataDir: string, remotes: StoredRemote[]): void {
  const file = remotesFile(dataDir);
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify({ remotes }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600); // the mode option is masked by the umask
  renameSync(temp, file);
}

/** Adds or replaces a remote (validated: name, http(s) URL, a token), its token sealed when a sealer is given. */
export function saveRemote(dataDir: string, remote: Remote, sealer?: TokenSealer): Remote {
  if (!NAME.test(remote.name) || remote.name === 'local' || remote.name === 'all')
    throw new MdmError(
      'invalid',
      `remote name '${remote.name}' must be letters, digits, . _ - (not local or all)`,
    );
  if (!URL_PATTERN.test(remote.url))
    throw new MdmError('invalid', `remote URL must be http(s)://host:port, got '${remote.url}'`);
  if (!remote.token) throw new MdmError('invalid', `remote ${remote.name} needs a token`);
  const clean = { ...remote, url: remote.url.replace(/\/$/, '') };
  const stored: StoredRemote = sealer
    ? { name: clean.name, url: clean.url, sealedToken: sealer.seal(clean.token) }
    : clean;
  write(dataDir, [...readStored(dataDir).filter((r) => r.name !== remote.name), stored]);
  return clean;
}

/** True when a remote of that name existed. */
export function removeRemote(dataDir: string, name: string): boolean {
  const remotes = readStored(dataDir);
  const kept = remotes.filter((r) => r.name !== name);
  if (kept.length === remotes.length) return false;
  write(dataDir, kept);
  return true;
}

export function requireRemote(dataDir: string, name: string, sealer?: TokenSealer): Remote {
  const entry = readStored(dataDir).find((r) => r.name === name);
  if (!entry)
    throw new MdmError(
      'not_found',
      `no remote server '${name}': add it with mdm remote add ${name} URL`,
    );
  return unseal(entry, sealer);
}
