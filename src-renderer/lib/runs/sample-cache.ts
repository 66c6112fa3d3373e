/** Samples fetched once per server and sample id: pictures as data: URLs (the CSP allows img-src data:), 2-D points. */
import { LOCAL_SERVER } from '#shared/api/servers';
import { serverApi } from '../servers/api';

const MAX = 200;

/** `load` behind a cache of the last MAX answers; a failed answer is asked again next time. */
function cached<T>(
  load: (sampleId: number, server: string) => Promise<T>,
): (sampleId: number, server?: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (sampleId, server = LOCAL_SERVER) => {
    const key = `${server}:${sampleId}`;
    let value = cache.get(key);
    if (!value) {
      value = load(sampleId, server);
      value.catch(() => cache.delete(key));
      cache.set(key, value);
      if (cache.size > MAX) cache.delete(cache.keys().next().value as string);
    }
    return value;
  };
}

/** A sample's picture as a data: URL ('' when it has none). */
export const sampleUrl = cached((sampleId, server) =>
  serverApi(server)
    .invoke('samples-get', { sampleId })
    .then((s) => (s.pngBase64 ? `data:image/png;base64,${s.pngBase64}` : '')),
);

/** A 2-D sample's points [n, 2], flattened. */
export const samplePoints = cached((sampleId, server) =>
  serverApi(server)
    .invoke('samples-points', { sampleId })
    .then((r) => r.points),
);
