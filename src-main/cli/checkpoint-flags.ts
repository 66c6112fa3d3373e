import path from 'node:path';
import type { EventName, Events } from '#shared/api/contract';
import type { CliIO } from './command';
import type { FlagValue } from './flags';
import { backendFlag, dataDirFlag, jsonFlag } from './common-flags';

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
export function progressPrinter(
  io: CliIO,
  label: string,
): (name: EventName, payload: Events[EventName]) => void {
  return (name, payload) => {
    if (name !== 'checkpoint-task-progressed' || !('task' in payload) || payload.done === 0) return;
    io.err(`${label} ${payload.done}/${payload.total}`);
  };
}
