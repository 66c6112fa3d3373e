/** Saved diffusion designs: the rows of 0005_designs. */
import type { SavedDesign } from '#shared/api/designs';
import type { DiffusionChoice } from '#shared/config/run-config';
import { MdmError } from '#shared/errors';
import type { StoreDb } from './db';
import { stmt } from './statements';

interface DesignRow {
  id: number;
  name: string;
  choice: string;
  created_at: number;
}

function designFromRow(row: DesignRow): SavedDesign {
  return {
    id: row.id,
    name: row.name,
    choice: JSON.parse(row.choice) as DiffusionChoice,
    createdAt: row.created_at,
  };
}

/** Every saved design, by name. */
export function listDesigns(db: StoreDb): SavedDesign[] {
  const rows = stmt(db, 'SELECT * FROM designs ORDER BY name').all() as DesignRow[];
  return rows.map(designFromRow);
}

/** The design of that name, or not_found naming it. */
export function getDesign(db: StoreDb, name: string): SavedDesign {
  const row = stmt(db, 'SELECT * FROM designs WHERE name = ?').get(name) as DesignRow | undefined;
  if (!row) throw new MdmError('not_found', `no saved design is named '${name}'`, { name });
  return designFromRow(row);
}

/** Stores a design under a new name; conflict when the name is taken (the UNIQUE index decides). */
export function saveDesign(db: StoreDb, name: string, choice: DiffusionChoice): SavedDesign {
  try {
    stmt(db, 'INSERT INTO designs (name, choice, created_at) VALUES (?, ?, ?)').run(
      name,
      JSON.stringify(choice),
      Date.now(),
    );
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
      throw new MdmError('conflict', `a design named '${name}' already exists`, { field: 'name' });
    throw e;
  }
  return getDesign(db, name);
}

/** Removes the design of that name; whether there was one. */
export function deleteDesign(db: StoreDb, name: string): boolean {
  return stmt(db, 'DELETE FROM designs WHERE name = ?').run(name).changes > 0;
}
