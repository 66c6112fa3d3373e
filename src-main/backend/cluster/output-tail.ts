import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

/** How much of a job's output the run page shows. */
export const OUTPUT_TAIL_BYTES = 8192;

/** The last OUTPUT_TAIL_BYTES of a file (from its first whole line), or null when the file is not here. */
export function outputTail(file: string): string | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - OUTPUT_TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    closeSync(fd);
  }
}
