import path from 'node:path';
import type { EventName, Events, RequestOf, ResponseOf } from '#shared/api/contract';
import type { CliIO } from './command';
import type { FlagValue } from './flags';
import { backendFlag, dataDirFlag, jsonFlag } from './common-flags';
import { call } from './runs/call';
import { openCliService } from './runs/service';

/** The flags `mdm eval` and `mdm sample` share: which checkpoint, which data directory and backend. */
export const checkpointFlags = {
  run: { type: 'int', arg: 'ID', min: 1, help: 'the run whose latest checkpoint to use' },
  checkpoint: { type: 'string', arg: 'DIR', help: 'a checkpoint folder (holding state.json)' },
  backend: backendFlag,
  'data-dir': dataDirFlag,
  json: jsonFlag,
} as const;

type BackendChoice = FlagValue<typeof backendFlag>;

/** The checkpoint part of a runs-evaluate / runs-sample request; the handler refuses neither-or-both. */
export function checkpointRequest(values: {
  run: number | undefined;
  checkpoint: string | undefined;
  backend: BackendChoice;
}): { runId?: number; checkpoint?: string; backend: BackendChoice } {
  return {
    ...(values.run === undefined ? {} : { runId: values.run }),
    ...(values.checkpoint === undefined ? {} : { checkpoint: path.resolve(values.checkpoint) }),
    backend: values.backend,
  };
}

/** Prints a task's checkpoint-task-progressed events as `<label> done/total` lines on stderr. */
function progressPrinter(
  io: CliIO,
  label: string,
): (name: EventName, payload: Events[EventName]) => void {
  return (name, payload) => {
    if (name !== 'checkpoint-task-progressed' || !('task' in payload) || payload.done === 0) return;
    io.err(`${label} ${payload.done}/${payload.total}`);
  };
}

type CheckpointTaskName = 'runs-evaluate' | 'runs-sample';

/** Runs runs-evaluate or runs-sample through the handlers, printing `<label> done/total` progress unless --json. */
export async function runCheckpointTask<N extends CheckpointTaskName>(
  values: Parameters<typeof checkpointRequest>[0] & {
    'data-dir': string | undefined;
    json: boolean;
  },
  io: CliIO,
  label: string,
  name: N,
  request: Omit<RequestOf<N>, keyof ReturnType<typeof checkpointRequest>>,
): Promise<ResponseOf<N>> {
  const service = openCliService({ dataDir: values['data-dir'], manageRuns: false });
  const unsubscribe = values.json ? () => {} : service.events.subscribe(progressPrinter(io, label));
  try {
    const handlers = service.handlers('http', { localPaths: true });
    return await call(handlers, name, { ...checkpointRequest(values), ...request } as RequestOf<N>);
  } finally {
    unsubscribe();
    await service.close();
  }
}
