import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token for one `mdm serve` session (printed in its URL). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Bearer header, or `?token=` for EventSource and the first page load (which cannot set headers). */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  return url.searchParams.get('token');
}

export function tokensMatch(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Rejects cross-origin browser requests, and DNS-rebinding Host headers unless bound to all interfaces (null). */
export function sameOrigin(req: IncomingMessage, allowedHosts: Set<string> | null): boolean {
  const host = req.headers.host;
  if (!host || (allowedHosts !== null && !allowedHosts.has(host))) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${host}`;
}
