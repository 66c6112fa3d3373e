import type { Handlers } from '#shared/api/contract';
import type { EventBus } from '../events';
import { updateRun, type StoreDb } from '../store/index';

/** Run housekeeping (issue 12 §10): rename, notes and tags, in any status; other windows hear of it. */
export function runEditHandlers(db: StoreDb, events: EventBus): Pick<Handlers, 'runs-update'> {
  return {
    'runs-update': async ({ runId, ...patch }) => {
      const run = updateRun(db, runId, patch);
      events.emit('run-updated', { runId });
      return run;
    },
  };
}
