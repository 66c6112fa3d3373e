import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CacheManifest } from './manifest';

/** Re-hashes a cache's files; returns one line per file whose SHA-256 differs from the manifest. */
export async function verifyCache(dir: string, manifest: CacheManifest): Promise<string[]> {
  const problems: string[] = [];
  for (const split of Object.values(manifest.splits)) {
    for (const kind of ['images', 'labels'] as const) {
      const file = path.join(dir, split[kind]);
      const hash = createHash('sha256');
      await pipeline(fs.createReadStream(file), hash);
      if (hash.digest('hex') !== split.sha256[kind])
        problems.push(`${file}: checksum mismatch (the cache is corrupt; import again)`);
    }
  }
  return problems;
}
