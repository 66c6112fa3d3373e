import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { MdmError } from '#shared/errors';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** The Content-Type a renderer file is served with (here and by the Electron app:// protocol). */
export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file)] ?? 'application/octet-stream';
}

/** The same CSP the Electron window uses, plus `connect-src 'self'` for the HTTP API. */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** A URL path decoded, or MdmError('invalid') for malformed percent escapes and NUL bytes. */
export function decodeUrlPath(urlPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw new MdmError('invalid', 'request path is not valid percent-encoded UTF-8');
  }
  if (decoded.includes('\0')) throw new MdmError('invalid', 'request path contains a NUL byte');
  return decoded;
}

/** Serves the built renderer from `root`; unknown paths fall back to index.html (client routing). */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): void {
  let file = path.join(root, path.normalize(decodeUrlPath(urlPath)));
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    file = path.join(root, 'index.html');
  }
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  // pipeline, not pipe: a read error (file removed meanwhile) must end this response, not the process.
  pipeline(createReadStream(file), res, () => undefined);
}
