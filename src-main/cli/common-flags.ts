import { BACKEND_NAMES } from '#shared/config/run-config';

/** Flags several commands share, declared once so each name keeps one meaning. */
export const jsonFlag = { type: 'boolean', help: 'print JSON instead of text' } as const;

/** The folder holding the run store and run files (`--out` names an output file, never this). */
export const dataDirFlag = {
  type: 'string',
  arg: 'DIR',
  help: 'data directory of the run store and run files (default: $MDM_HOME or the per-user folder)',
} as const;

const backendChoices = { type: 'enum', values: ['auto', ...BACKEND_NAMES] } as const;

/** Which compute backend to activate; auto picks the best that loads. */
export const backendFlag = { ...backendChoices, default: 'auto', help: 'compute backend' } as const;

/** The same choice for a run that already has one: left out, the run keeps its own. */
export const runBackendFlag = {
  ...backendChoices,
  help: 'compute backend to continue on (default: the run’s own)',
} as const;
