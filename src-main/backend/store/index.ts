/** The SQLite store: the only code that talks SQL. The main thread is its only writer. */
export { openStore, type OpenStoreOptions, type StoreDb } from './db';
export { MIGRATIONS, type Migration } from './migrations/index';
export * from './types';
export {
  createRun,
  getRun,
  updateRun,
  setRunProgress,
  setRunBackendChoice,
  deleteRun,
  duplicateRun,
  reserveRunIdsThrough,
  type RunPatch,
} from './runs';
export { setRunStatus, canTransition, interruptRunningRuns, restoreRunStatus } from './run-status';
export { rewindRun } from './rewind';
export { listRuns, runStates, type RunState } from './list-runs';
export { shownRun } from './shown-status';
export { metricSeries, metricKeys } from './metrics';
export { metricSummaries } from './metric-summaries';
export {
  MetricsWriter,
  type AppendedMetrics,
  type FlushResult,
  type MetricsWriterOptions,
  type WrittenPoint,
} from './metrics-writer';
export { addSample, listSamples, getSample, getSamplePoints, type NewSample } from './samples';
export { addCheckpoint, listCheckpoints, latestCheckpoint } from './checkpoints';
export {
  addDiffusionParams,
  diffusionParamsSeries,
  diffusionParamsSteps,
} from './diffusion-params';
export { addRunEvent, listRunEvents } from './events';
export { metricsCsv, metricsJson, type MetricsExportOptions } from './export-metrics';
export {
  saveClusterProfile,
  getClusterProfile,
  listClusterProfiles,
  deleteClusterProfile,
  addClusterJob,
  updateClusterJob,
  listClusterJobs,
  lastClusterJob,
  liveClusterJobs,
  type ClusterJobPatch,
} from './cluster';
export { createSweep, getSweep, listSweeps, sweepMembers, sweepStatus } from './sweeps';
export { listDesigns, getDesign, saveDesign, deleteDesign } from './designs';
