/** The datasets service: registry, importers and the batch interface the trainer consumes. */
export type * from './types';
export type { ImportProgress } from './convert';
export type { ImportKind, ImportOptions, ImportResult } from './import';
export { IMPORT_FORMATS, importDataset } from './import';
export { importedManifests, listDatasets, openDataset } from './registry';
export { verifyCache } from './verify';
export { TOY_NAMES, ToyDataset, type ToyName } from './toys';
