/** What `mdm eval` and `mdm sample` share: which checkpoint (--run ID or --checkpoint DIR), which backend, integer flags. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dataDir } from '../../backend/paths';
import { latestCheckpoint, openStore, StoreError } from '../../backend/store/index';
import { BACKEND_NAMES, selectBackend, type BackendName } from '../../backend/train/backend';
import { UsageError } from '../command';

/** The checkpoint folder named by --checkpoint, or the latest checkpoint of run --run in the store. */
export function checkpointDir(values: {
  run?: string | undefined;
  checkpoint?: string | undefined;
}): string {
  if (values.run !== undefined && values.checkpoint !== undefined)
    throw new UsageError('give either --run ID or --checkpoint DIR, not both');
  if (values.checkpoint !== undefined) {
    const dir = path.resolve(values.checkpoint);
    if (!existsSync(path.join(dir, 'state.json')))
      throw new UsageError(`${dir} is not a checkpoint folder (it has no state.json)`);
    return dir;
  }
  if (values.run === undefined)
    throw new UsageError('which model? give --run ID or --checkpoint DIR');
  const id = Number(values.run);
  if (!Number.isSafeInteger(id) || id < 1)
    throw new UsageError(`--run needs a run id (a positive integer), got '${values.run}'`);
  const file = path.join(dataDir(), 'mdm.sqlite');
  if (!existsSync(file))
    throw new UsageError(`no run ${id}: there is no runs database at ${file} yet`);
  const db = openStore(file);
  try {
    const checkpoint = latestCheckpoint(db, id);
    if (!checkpoint) throw new UsageError(`run ${id} has no checkpoint yet`);
    if (!existsSync(checkpoint.path))
      throw new UsageError(`run ${id}'s latest checkpoint ${checkpoint.path} is missing on disk`);
    return checkpoint.path;
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  } finally {
    db.close();
  }
}

/** A non-negative (or positive) integer flag, or the fallback when absent. */
export function intOption(
  value: string | undefined,
  name: string,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${value}'`);
  return n;
}

/** Activates --backend (or the best available) and returns its name. */
export async function useBackend(value: string | undefined): Promise<BackendName> {
  if (
    value !== undefined &&
    value !== 'auto' &&
    !(BACKEND_NAMES as readonly string[]).includes(value)
  )
    throw new UsageError(
      `--backend must be auto or one of ${BACKEND_NAMES.join(', ')}, got '${value}'`,
    );
  try {
    const selection = await selectBackend(
      value && value !== 'auto' ? { prefer: value as BackendName } : {},
    );
    return selection.chosen;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** node:util parseArgs with its multi-line complaints folded into a one-line UsageError. */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O }>>['values'] {
  try {
    return parseArgs({ args, options }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.split('\n')[0]!.trim());
  }
}
