import fs from 'node:fs/promises';
import path from 'node:path';
import { fsError } from './errors';

/** Stats a user-supplied path; a missing or unreadable one is a dataset error naming it. */
export async function statInput(file: string): Promise<{ isDirectory: boolean }> {
  const stat = await fs.stat(file).catch((error: unknown) => {
    throw fsError(file, error);
  });
  return { isDirectory: stat.isDirectory() };
}

/** Every regular file under `dir`, recursively, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs
    .readdir(dir, { recursive: true, withFileTypes: true })
    .catch((error: unknown) => {
      throw fsError(dir, error);
    });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
