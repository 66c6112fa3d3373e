/** Sample PNGs as data: URLs, fetched once per server and sample id (the CSP allows img-src data:). */
import { LOCAL_SERVER } from '#shared/api/servers';
import { serverApi } from '../servers/api';

const cache = new Map<string, Promise<string>>();
const MAX = 200;

export function sampleUrl(sampleId: number, server: string = LOCAL_SERVER): Promise<string> {
  const key = `${server}:${sampleId}`;
  let url = cache.get(key);
  if (!url) {
    url = serverApi(server)
      .invoke('samples-get', { sampleId })
      .then((s) => (s.pngBase64 ? `data:image/png;base64,${s.pngBase64}` : ''));
    url.catch(() => cache.delete(key));
    cache.set(key, url);
    if (cache.size > MAX) cache.delete(cache.keys().next().value as string);
  }
  return url;
}
