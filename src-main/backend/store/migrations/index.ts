import { init } from './0001_init';
import { cluster } from './0002_cluster';
import { sweeps } from './0003_sweeps';
import { samplePoints } from './0004_sample_points';
import { designs } from './0005_designs';

/** One schema change; ids are applied in ascending order and never reused. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/**
 * Every migration, oldest first. Kept as TS modules rather than .sql files so the bundled main
 * process (electron-vite) and the CLI carry them without copying assets or resolving paths.
 */
export const MIGRATIONS: readonly Migration[] = [init, cluster, sweeps, samplePoints, designs];
