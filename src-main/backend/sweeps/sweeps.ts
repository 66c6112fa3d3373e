/** Creates, stops, resumes and reads sweeps: their member runs go through the run manager like any run. */
import type { Sweep, SweepDetail, SweepMember } from '#shared/api/sweeps';
import { protocolLabel } from '#shared/config/protocols';
import type { SweepSpec } from '#shared/config/sweep';
import { MdmError } from '#shared/errors';
import { sweepResults } from './results';
import type { RunManager } from '../runs/manager';
import {
  createSweep,
  getRun,
  getSweep,
  metricSummaries,
  shownRun,
  sweepMembers,
  type StoreDb,
} from '../store/index';

/** The value of the varied setting as a member's variant text ('' when nothing varies). */
function variantText(spec: SweepSpec, value: unknown): string {
  return spec.vary ? `${spec.vary.key}=${JSON.stringify(value)}` : '';
}

function refuse(message: string, field: string): MdmError {
  return new MdmError('invalid', message, { field });
}

/** Queues every cell of the grid (diffusions × variants × seeds) as a tagged run; validates them all before storing any. */
export async function createSweepRuns(
  manager: RunManager,
  db: StoreDb,
  spec: SweepSpec,
): Promise<Sweep> {
  if (spec.diffusions.length === 0)
    throw refuse('a sweep needs at least one diffusion', 'diffusions');
  if (spec.seeds.length === 0) throw refuse('a sweep needs at least one seed', 'seeds');
  if (spec.vary && spec.vary.values.length === 0)
    throw refuse(`vary.values: ${spec.vary.key} needs at least one value`, 'vary.values');
  const settings = spec.settings ?? {};
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw refuse('settings: expected an object of run settings', 'settings');
  const base = settings as Record<string, unknown>;
  const tags = [...((base.tags as string[] | undefined) ?? []), `sweep:${spec.name}`];
  const cells: Omit<SweepMember, 'runId'>[] = [];
  const inputs: Record<string, unknown>[] = [];
  for (const d of spec.diffusions)
    for (const value of spec.vary ? spec.vary.values : [undefined])
      for (const seed of spec.seeds) {
        const variant = variantText(spec, value);
        cells.push({ label: d.label, seed, variant });
        inputs.push({
          ...base,
          ...(spec.vary ? { [spec.vary.key]: value } : {}),
          protocol: spec.protocol,
          dataset: spec.dataset,
          diffusion: d.choice,
          seed,
          name: `${spec.name} · ${d.label}${variant ? ` ${variant}` : ''} · seed ${seed}`,
          tags,
        });
      }
  const configs = [];
  for (const input of inputs) configs.push(await manager.prepare(input));
  const runs = manager.queue(configs);
  return createSweep(
    db,
    spec,
    runs.map((run, i) => ({ runId: run.id, ...cells[i]! })),
  );
}

/** A sweep, its members with their current metrics, and its results table; `ownerAlive` as in listRuns. */
export function sweepDetail(db: StoreDb, sweepId: number, ownerAlive = true): SweepDetail {
  const sweep = getSweep(db, sweepId, ownerAlive);
  const members = sweepMembers(db, sweepId).map((m) => ({
    ...m,
    run: {
      ...shownRun(getRun(db, m.runId), ownerAlive),
      metrics: Object.fromEntries(metricSummaries(db, m.runId).map((s) => [s.key, s])),
    },
  }));
  return {
    sweep,
    members,
    results: sweepResults(sweep.spec.dataset, members),
    protocol: members[0] ? protocolLabel(members[0].run.config) : `${sweep.spec.protocol} v1`,
  };
}

/** Stops every queued or running member (a running one checkpoints first). */
export function stopSweep(manager: RunManager, db: StoreDb, sweepId: number): Sweep {
  getSweep(db, sweepId);
  for (const m of sweepMembers(db, sweepId)) {
    const status = getRun(db, m.runId).status;
    if (status === 'queued' || status === 'running') manager.stop(m.runId);
  }
  return getSweep(db, sweepId);
}

/** Queues again every stopped, interrupted or failed member; each continues from its last checkpoint. */
export function resumeSweep(manager: RunManager, db: StoreDb, sweepId: number): Sweep {
  getSweep(db, sweepId);
  for (const m of sweepMembers(db, sweepId)) {
    const status = getRun(db, m.runId).status;
    if (status === 'stopped' || status === 'interrupted' || status === 'failed')
      manager.resume(m.runId);
  }
  return getSweep(db, sweepId);
}
