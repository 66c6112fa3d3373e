/** Sample PNGs as data: URLs, fetched once per sample id (the CSP allows img-src data:). */
import { api } from '../api';

const cache = new Map<number, Promise<string>>();
const MAX = 200;

export function sampleUrl(sampleId: number): Promise<string> {
  let url = cache.get(sampleId);
  if (!url) {
    url = api
      .invoke('samples-get', { sampleId })
      .then((s) => (s.pngBase64 ? `data:image/png;base64,${s.pngBase64}` : ''));
    url.catch(() => cache.delete(sampleId));
    cache.set(sampleId, url);
    if (cache.size > MAX) cache.delete(cache.keys().next().value as number);
  }
  return url;
}
