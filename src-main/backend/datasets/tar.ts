import { SourceReader, subSource, type ByteSource } from './byte-source';
import { DatasetError } from './errors';

/** A regular file inside a tar archive, as a range of the archive. */
export interface TarMember {
  name: string;
  source: ByteSource;
}

const BLOCK = 512;

/** Lists the regular files of a (POSIX ustar / GNU / pax) tar archive, checking each header's checksum. */
export async function listTar(src: ByteSource): Promise<TarMember[]> {
  const reader = await SourceReader.open(src);
  const members: TarMember[] = [];
  try {
    let at = 0;
    let longName: string | undefined;
    while (at + BLOCK <= src.size) {
      const header = await reader.read(at, BLOCK);
      if (header.every((b) => b === 0)) return members;
      if (!checksumOk(header)) {
        throw new DatasetError(
          src.label,
          at === 0 ? 'not a tar archive (bad header checksum)' : `corrupt tar header at byte ${at}`,
        );
      }
      const size = parseSize(header, src.label, at);
      const type = String.fromCharCode(header[156] ?? 0);
      const dataAt = at + BLOCK;
      if (dataAt + size > src.size)
        throw new DatasetError(
          src.label,
          `truncated tar archive: member at byte ${at} needs ${size} bytes`,
        );
      if (type === 'L') {
        longName = text(await reader.read(dataAt, size));
      } else if (type === 'x') {
        longName = paxPath(text(await reader.read(dataAt, size))) ?? longName;
      } else {
        const name = longName ?? ustarName(header);
        longName = undefined;
        if (type === '0' || type === '\0')
          members.push({ name, source: subSource(src, dataAt, size, `${src.label}:${name}`) });
      }
      at = dataAt + Math.ceil(size / BLOCK) * BLOCK;
    }
    if (at === 0) throw new DatasetError(src.label, 'not a tar archive (shorter than one header)');
    return members;
  } finally {
    await reader.close();
  }
}

function text(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(end < 0 ? bytes : bytes.subarray(0, end)).toString('utf8');
}

function ustarName(header: Uint8Array): string {
  const name = text(header.subarray(0, 100));
  const isUstar = text(header.subarray(257, 262)) === 'ustar';
  const prefix = isUstar ? text(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function paxPath(records: string): string | undefined {
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(records)?.[1];
}

/** Octal size, or GNU base-256 when the first byte has its high bit set. */
function parseSize(header: Uint8Array, label: string, at: number): number {
  const field = header.subarray(124, 136);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let size = 0;
    for (let i = 1; i < field.length; i++) size = size * 256 + (field[i] as number);
    return size;
  }
  const digits = text(field).trim();
  if (!/^[0-7]*$/.test(digits))
    throw new DatasetError(label, `corrupt tar header at byte ${at}: size '${digits}'`);
  return digits ? parseInt(digits, 8) : 0;
}

function checksumOk(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
  const stored = text(header.subarray(148, 156)).trim();
  return /^[0-7]+$/.test(stored) && parseInt(stored, 8) === sum;
}
