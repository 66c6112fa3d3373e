import { isIP } from 'node:net';
import os from 'node:os';
import { MdmError } from '#shared/errors';

/** Whether binding `host` keeps the server on this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name === '::1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Whether `host` listens on every interface. */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * Refuses to serve beyond loopback unless asked for explicitly and over TLS: the token would cross
 * the network in clear text otherwise.
 */
export function checkBinding(host: string, allowRemote: boolean, tls: boolean): void {
  if (isLoopback(host)) return;
  if (!allowRemote) {
    throw new MdmError(
      'invalid',
      `--host ${host} is not a loopback address: serving to the network needs --allow-remote with --tls-cert and --tls-key (or keep 127.0.0.1 and reach it through an SSH tunnel)`,
    );
  }
  if (!tls) {
    throw new MdmError(
      'invalid',
      `--allow-remote needs --tls-cert and --tls-key: the token must not cross the network in clear text`,
    );
  }
}

/** The names a browser may use to reach a server bound to `host`: loopback, the bound address, or every interface's address. */
export function boundNames(host: string): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  if (!isWildcard(host)) return [...names, host.replace(/^\[|\]$/g, '')];
  const addresses = Object.values(os.networkInterfaces()).flatMap((list) =>
    (list ?? []).map((a) => a.address),
  );
  return [...names, ...addresses];
}
