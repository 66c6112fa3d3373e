/** A 2-D dataset's training points for the scatter's backdrop, fetched once per dataset. */
import { api } from '../api';

/** Points drawn behind the samples: enough to show the shape, few enough to draw at once. */
const BACKDROP_POINTS = 2000;

const cache = new Map<string, Promise<number[]>>();

export function datasetPoints(name: string): Promise<number[]> {
  let points = cache.get(name);
  if (!points) {
    points = api.invoke('datasets-points', { name, count: BACKDROP_POINTS }).then((r) => r.points);
    points.catch(() => cache.delete(name));
    cache.set(name, points);
  }
  return points;
}
