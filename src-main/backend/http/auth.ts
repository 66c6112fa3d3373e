import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token for one `mdm serve` session (printed in its URL). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The session cookie's name: one per port, since browsers share cookies between the ports of a host. */
export function cookieName(port: number): string {
  return `mdm-token-${port}`;
}

/** The cookie the page load's `?token=` is exchanged for: script cannot read it, other sites never send it. */
export function sessionCookie(name: string, token: string, secure: boolean): string {
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

/** The `Authorization: Bearer` token, the only way scripts and `mdm worker` authenticate. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

/**
 * The token an API request carries: the Bearer header, else the session cookie. The query string
 * counts only for the event stream (EventSource cannot set headers); the page load exchanges it for
 * the cookie in server.ts.
 */
export function requestToken(req: IncomingMessage, url: URL, cookie: string): string | null {
  const header = bearerToken(req);
  if (header !== null) return header;
  const fromCookie = cookieValue(req.headers.cookie, cookie);
  if (fromCookie !== null) return fromCookie;
  if (req.method === 'GET' && url.pathname === '/api/events') return url.searchParams.get('token');
  return null;
}

export function tokensMatch(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Every Host header a browser sends for these names on this port (without the port when it is the scheme's default). */
export function hostHeaders(names: Iterable<string>, port: number, scheme: 'http' | 'https') {
  const hosts = new Set<string>();
  const defaultPort = scheme === 'https' ? 443 : 80;
  for (const raw of names) {
    const name = raw.toLowerCase();
    const host = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
    hosts.add(`${host}:${port}`);
    if (port === defaultPort) hosts.add(host);
  }
  return hosts;
}

/** Refuses DNS-rebinding Host headers (only the allowed names) and cross-origin browser requests. */
export function sameOrigin(
  req: IncomingMessage,
  allowedHosts: Set<string>,
  scheme: 'http' | 'https',
): boolean {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowedHosts.has(host)) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin.toLowerCase() === `${scheme}://${host}`;
}
