import { isMdmError } from '#shared/errors';
import tarStream from 'tar-stream';
import { subSource, type ByteSource } from './byte-source';
import { datasetError, fsError } from './errors';
import { sourceStream } from './inflate';

/** A regular file inside a tar archive, as a range of the archive. */
export interface TarMember {
  name: string;
  source: ByteSource;
}

const BLOCK = 512;

/** tar-stream (3.x) sets the data's offset in the archive on each header; we read members in place. */
type HeaderWithOffset = tarStream.Header & { byteOffset?: number };

/** Lists the regular files of a (ustar / GNU / pax) tar archive with tar-stream, which checks each header's checksum. */
export async function listTar(src: ByteSource): Promise<TarMember[]> {
  if (src.size < BLOCK)
    throw datasetError(src.label, 'not a tar archive (shorter than one header)');
  const extract = tarStream.extract();
  sourceStream(src)
    .on('error', (error) => extract.destroy(error))
    .pipe(extract);
  const members: TarMember[] = [];
  let entries = 0;
  try {
    for await (const entry of extract) {
      entries++;
      const header = entry.header as HeaderWithOffset;
      const size = header.size ?? 0;
      if (header.type === 'file' || header.type === 'contiguous-file') {
        if (typeof header.byteOffset !== 'number')
          throw datasetError(src.label, 'tar reader gave no member offset');
        members.push({
          name: header.name,
          source: subSource(src, header.byteOffset, size, `${src.label}:${header.name}`),
        });
      }
      entry.resume();
    }
  } catch (error) {
    if (isMdmError(error)) throw error;
    if ((error as NodeJS.ErrnoException).syscall) throw fsError(src.label, error);
    const message = (error as Error).message;
    if (entries === 0 && /^Invalid tar header/.test(message))
      throw datasetError(src.label, 'not a tar archive (bad header checksum)');
    if (/Unexpected end of data/.test(message))
      throw datasetError(src.label, 'truncated tar archive');
    throw datasetError(src.label, `corrupt tar archive after ${entries} members (${message})`);
  }
  return members;
}
