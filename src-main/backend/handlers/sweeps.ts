import type { Handlers } from '#shared/api/contract';
import { MdmError } from '#shared/errors';
import type { EventBus } from '../events';
import type { RunManager } from '../runs/manager';
import { listSweeps, type StoreDb } from '../store/index';
import { exportSweep } from '../sweeps/export';
import { createSweepRuns, resumeSweep, stopSweep, sweepDetail } from '../sweeps/sweeps';

export type SweepHandlerName =
  | 'sweeps-create'
  | 'sweeps-list'
  | 'sweeps-show'
  | 'sweeps-stop'
  | 'sweeps-resume'
  | 'sweeps-export';

/** The sweeps part of the contract: reads from the store, changes through the run manager. */
export function sweepHandlers(
  db: StoreDb,
  manager: RunManager | { unavailable: string },
  events: EventBus,
  ownerAlive: () => boolean,
): Pick<Handlers, SweepHandlerName> {
  const owner = (): RunManager => {
    if ('unavailable' in manager) throw new MdmError('unavailable', manager.unavailable);
    return manager;
  };
  const changed = <T extends { id: number }>(sweep: T): T => {
    events.emit('sweep-changed', { sweepId: sweep.id });
    return sweep;
  };
  return {
    'sweeps-create': async ({ spec }) => changed(await createSweepRuns(owner(), db, spec)),
    'sweeps-list': async () => listSweeps(db, ownerAlive()),
    'sweeps-show': async ({ sweepId }) => sweepDetail(db, sweepId, ownerAlive()),
    'sweeps-stop': async ({ sweepId }) => changed(stopSweep(owner(), db, sweepId)),
    'sweeps-resume': async ({ sweepId }) => changed(resumeSweep(owner(), db, sweepId)),
    'sweeps-export': async ({ sweepId, format }) => ({
      format,
      text: exportSweep(sweepDetail(db, sweepId, ownerAlive()), format),
    }),
  };
}
