import {
  clusterProfileDefaults,
  clusterProfileSchema,
  type ClusterProfile,
} from '#shared/api/cluster';
import { isMdmError, MdmError } from '#shared/errors';
import { getClusterProfile, type StoreDb } from '../store/index';

/** A profile from untrusted fields, over the defaults; a bad field is a one-line error naming it. */
export function parseClusterProfile(input: Record<string, unknown>): ClusterProfile {
  try {
    return clusterProfileSchema.parse({ ...clusterProfileDefaults, ...input });
  } catch (error) {
    if (isMdmError(error)) throw new MdmError('invalid', `cluster profile: ${error.message}`);
    throw error;
  }
}

/** The stored profile called `name`; a missing one is an error saying how to create it. */
export function requireClusterProfile(db: StoreDb, name: string): ClusterProfile {
  const stored = getClusterProfile(db, name);
  if (stored === null)
    throw new MdmError(
      'not_found',
      `cluster profile ${name} does not exist: create it with mdm cluster profile set ${name}`,
    );
  return parseClusterProfile(stored as Record<string, unknown>);
}
