import type { Migration } from './index';

/** Saved diffusion designs: a unique name and the DiffusionChoice (JSON) the designer made. */
export const designs: Migration = {
  id: 5,
  name: 'designs',
  sql: `
CREATE TABLE designs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  choice TEXT NOT NULL CHECK (json_valid(choice)),
  created_at INTEGER NOT NULL
);
`,
};
