import path from 'node:path';
import { dataDir } from '../paths';

/** Where imported dataset caches live: `<dataDir>/datasets/<name>/`. */
export function datasetsDir(root: string = dataDir()): string {
  return path.join(root, 'datasets');
}
