import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipArchive } from '../../../src-main/backend/export/zip-writer';
import { listZip, zipEntrySource } from '../../../src-main/backend/datasets/zip';
import { fileSource, readRange } from '../../../src-main/backend/datasets/byte-source';

describe('zipArchive', () => {
  const entries = [
    {
      name: 'params.json',
      data: Buffer.from(
        JSON.stringify({
          q: [
            [0, -1],
            [1, 0],
          ],
        }).repeat(50),
      ),
    },
    {
      name: 'noise.bin',
      data: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 256)),
    },
    { name: 'empty.txt', data: Buffer.alloc(0) },
  ];

  it('writes archives our own zip reader reads back byte for byte', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zip-'));
    const file = path.join(dir, 'a.zip');
    writeFileSync(file, zipArchive(entries));
    const source = await fileSource(file);
    const listed = await listZip(source);
    expect(listed.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    for (const [i, entry] of listed.entries()) {
      const bytes = await readRange(await zipEntrySource(source, entry, dir), 0, entry.size);
      expect(Buffer.from(bytes)).toEqual(entries[i]!.data);
    }
  });

  it('passes unzip -t when Info-ZIP is installed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zip-'));
    const file = path.join(dir, 'a.zip');
    writeFileSync(file, zipArchive(entries));
    let unzip: string;
    try {
      unzip = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // not installed here
      throw error;
    }
    expect(unzip).toContain('No errors detected');
  });
});
