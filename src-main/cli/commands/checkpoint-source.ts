/** What `mdm eval` and `mdm sample` share: which checkpoint (--run ID or --checkpoint DIR), which backend. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '../../backend/paths';
import { latestCheckpoint, openStore } from '../../backend/store/index';
import { selectBackend, type BackendName } from '../../backend/train/backend';
import { MdmError } from '#shared/errors';

/** The checkpoint folder named by --checkpoint, or the latest checkpoint of run --run in the store. */
export function checkpointDir(values: {
  run?: number | undefined;
  checkpoint?: string | undefined;
}): string {
  if (values.run !== undefined && values.checkpoint !== undefined)
    throw new MdmError('invalid', 'give either --run ID or --checkpoint DIR, not both');
  if (values.checkpoint !== undefined) {
    const dir = path.resolve(values.checkpoint);
    if (!existsSync(path.join(dir, 'state.json')))
      throw new MdmError('invalid', `${dir} is not a checkpoint folder (it has no state.json)`);
    return dir;
  }
  if (values.run === undefined)
    throw new MdmError('invalid', 'which model? give --run ID or --checkpoint DIR');
  const id = values.run;
  const file = path.join(dataDir(), 'mdm.sqlite');
  if (!existsSync(file))
    throw new MdmError('invalid', `no run ${id}: there is no runs database at ${file} yet`);
  const db = openStore(file);
  try {
    const checkpoint = latestCheckpoint(db, id);
    if (!checkpoint) throw new MdmError('invalid', `run ${id} has no checkpoint yet`);
    if (!existsSync(checkpoint.path))
      throw new MdmError(
        'invalid',
        `run ${id}'s latest checkpoint ${checkpoint.path} is missing on disk`,
      );
    return checkpoint.path;
  } finally {
    db.close();
  }
}

/** Activates --backend (auto: the best available) and returns its name. */
export async function useBackend(value: 'auto' | BackendName): Promise<BackendName> {
  try {
    const selection = await selectBackend(value === 'auto' ? {} : { prefer: value });
    return selection.chosen;
  } catch (error) {
    throw new MdmError('invalid', error instanceof Error ? error.message : String(error));
  }
}
