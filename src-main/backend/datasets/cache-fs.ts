import fs from 'node:fs/promises';

/** An output file of the cache being written. */
export interface CacheFile {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The few fs calls an import makes to write its cache: a seam where tests inject ENOSPC or EACCES. */
export interface CacheFs {
  mkdir(dir: string): Promise<void>;
  create(file: string): Promise<CacheFile>;
  writeFile(file: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(target: string): Promise<void>;
}

/** The real file system. */
export const nodeCacheFs: CacheFs = {
  mkdir: async (dir) => {
    await fs.mkdir(dir, { recursive: true });
  },
  create: async (file) => {
    const handle = await fs.open(file, 'wx');
    return {
      write: async (data) => {
        await handle.write(data);
      },
      close: () => handle.close(),
    };
  },
  writeFile: (file, text) => fs.writeFile(file, text),
  rename: (from, to) => fs.rename(from, to),
  remove: (target) => fs.rm(target, { recursive: true, force: true }),
};
