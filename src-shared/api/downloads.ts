/** A run export as a download: the request fields both transports share, and the served GET route's URL. */
import { MdmError } from '../errors';
import * as s from './schema';
import type { Infer } from './schema';
import { RUN_EXPORTS } from './runs';

/** The served route: GET /api/download?runId=…&what=…[&step=…], authenticated like every /api/ call. */
export const DOWNLOAD_PATH = '/api/download';

/** Which export of which run; `step` picks one sample step (samples-png/csv/npy), default the latest. */
export const exportTargetFields = {
  runId: s.number({ integer: true, min: 1 }),
  what: s.literal(...RUN_EXPORTS),
  step: s.optional(s.number({ integer: true, min: 0 })),
  /** A remote server's run: the local backend fetches the export there (its token never leaves it). */
  server: s.optional(s.string({ minLength: 1, maxLength: 64, pattern: /^[\w.-]+$/ })),
};

export const runDownloadSchema = s.object(exportTargetFields);
export type RunDownload = Infer<typeof runDownloadSchema>;

/** The route's URL (path and query) for a download. */
export function downloadUrl(request: RunDownload): string {
  const query = new URLSearchParams({ runId: String(request.runId), what: request.what });
  if (request.step !== undefined) query.set('step', String(request.step));
  if (request.server !== undefined) query.set('server', request.server);
  return `${DOWNLOAD_PATH}?${query.toString()}`;
}

/** A download request from the route's query string: numbers parsed, every field checked by the schema. */
export function parseDownloadQuery(query: URLSearchParams): RunDownload {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of query) {
    if (key in fields)
      throw new MdmError('invalid', `${key}: is given more than once`, { path: key });
    fields[key] =
      key === 'what' || key === 'server' || !/^\d{1,15}$/.test(value) ? value : Number(value);
  }
  return runDownloadSchema.parse(fields);
}

/** The file name a Content-Disposition header offers (RFC 8187 `filename*` first), or null. */
export function attachmentName(disposition: string | null): string | null {
  if (disposition === null) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (extended !== undefined) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  return /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
}

/** Where a finished download went: the browser's downloads, a file the user chose, or nowhere (cancelled). */
export type DownloadOutcome =
  { kind: 'downloaded'; name: string } | { kind: 'saved'; path: string } | { kind: 'cancelled' };
