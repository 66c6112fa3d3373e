import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { ExportFile } from '../export/run-export';

/** `attachment` with the name twice: plain ASCII for old clients, RFC 8187 UTF-8 for the rest. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Streams an export as a browser download, waiting for the socket between chunks (large metrics, weights). */
export async function sendDownload(res: ServerResponse, file: ExportFile): Promise<void> {
  const chunks = file.chunks[Symbol.iterator]();
  // The first chunk before the headers: an export that fails to build still answers with its error.
  let next = chunks.next();
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Disposition': contentDisposition(file.name),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  for (; !next.done; next = chunks.next()) {
    if (!res.write(next.value)) await once(res, 'drain');
  }
  res.end();
}
