import type { StoreDb } from './db';
import { MdmError } from '#shared/errors';
import { recomputeSummaries } from './metric-summaries';
import { requireRun } from './runs';
import { stmt } from './statements';
import { int } from './fields';

const RECORD_TABLES = ['metrics', 'diffusion_params', 'samples', 'checkpoints'] as const;

/**
 * Before resuming from the checkpoint at `step`: forgets everything the run recorded after it, so
 * replayed steps are not counted twice. Returns the files (samples, checkpoints) to remove.
 */
export function rewindRun(db: StoreDb, runId: number, step: number): string[] {
  int().parse(step, 'step');
  return db.transaction(() => {
    requireRun(db, runId);
    const checkpoint = stmt(
      db,
      'SELECT 1 FROM checkpoints WHERE run_id = ? AND step = ?',
      'pluck',
    ).get(runId, step);
    if (step > 0 && checkpoint === undefined) {
      throw new MdmError('invalid', `run ${runId} has no checkpoint at step ${step} to rewind to`);
    }
    const files = stmt(
      db,
      `SELECT path FROM checkpoints WHERE run_id = @runId AND step > @step
       UNION ALL SELECT path FROM samples WHERE run_id = @runId AND step > @step AND path IS NOT NULL`,
      'pluck',
    ).all({ runId, step }) as string[];
    for (const table of RECORD_TABLES) {
      stmt(db, `DELETE FROM ${table} WHERE run_id = ? AND step > ?`).run(runId, step);
    }
    recomputeSummaries(db, runId);
    stmt(db, 'UPDATE runs SET progress_step = min(progress_step, ?) WHERE id = ?').run(step, runId);
    return files;
  })();
}
