import type { StoreDb } from './db';
import { MdmError } from '#shared/errors';
import { requireRun } from './runs';
import { stmt } from './statements';
import type { SampleInfo } from './types';
import { int, record, text } from './fields';

/** A new sample: the PNG bytes inline, or the path of a PNG file the caller wrote. */
export interface NewSample {
  step: number;
  kind: string;
  png?: Uint8Array;
  path?: string;
  width: number;
  height: number;
  meta?: Record<string, unknown>;
}

interface SampleRow {
  id: number;
  run_id: number;
  step: number;
  kind: string;
  path: string | null;
  width: number;
  height: number;
  meta: string;
  created_at: number;
}

const INFO_COLUMNS = 'id, run_id, step, kind, path, width, height, meta, created_at';

function sampleFromRow(row: SampleRow): SampleInfo {
  return {
    id: row.id,
    runId: row.run_id,
    step: row.step,
    kind: row.kind,
    path: row.path,
    width: row.width,
    height: row.height,
    meta: JSON.parse(row.meta) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

/** Stores a sample, replacing one of the same run, kind and step; returns it without bytes. */
export function addSample(db: StoreDb, runId: number, sample: NewSample): SampleInfo {
  requireRun(db, runId);
  if ((sample.png === undefined) === (sample.path === undefined)) {
    throw new MdmError('invalid', 'sample: expected exactly one of png bytes or a path');
  }
  const row = stmt(
    db,
    `INSERT INTO samples (run_id, step, kind, png, path, width, height, meta, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, kind, step) DO UPDATE SET png = excluded.png, path = excluded.path,
       width = excluded.width, height = excluded.height, meta = excluded.meta,
       created_at = excluded.created_at
     RETURNING ${INFO_COLUMNS}`,
  ).get(
    runId,
    int().parse(sample.step, 'step'),
    text.parse(sample.kind, 'kind'),
    sample.png === undefined ? null : Buffer.from(sample.png),
    sample.path ?? null,
    int(1).parse(sample.width, 'width'),
    int(1).parse(sample.height, 'height'),
    JSON.stringify(record.parse(sample.meta ?? {}, 'meta')),
    Date.now(),
  ) as SampleRow;
  return sampleFromRow(row);
}

/** A run's samples (without bytes), by step then kind, optionally of one kind. */
export function listSamples(db: StoreDb, runId: number, kind?: string): SampleInfo[] {
  requireRun(db, runId);
  const rows = stmt(
    db,
    `SELECT ${INFO_COLUMNS} FROM samples WHERE run_id = @runId AND (@kind IS NULL OR kind = @kind)
     ORDER BY step, kind`,
  ).all({ runId, kind: kind ?? null }) as SampleRow[];
  return rows.map(sampleFromRow);
}

/** One sample with its PNG bytes (null when it lives in a file at `path`). */
export function getSample(db: StoreDb, sampleId: number): SampleInfo & { png: Buffer | null } {
  const row = stmt(db, `SELECT ${INFO_COLUMNS}, png FROM samples WHERE id = ?`).get(sampleId) as
    (SampleRow & { png: Buffer | null }) | undefined;
  if (!row) throw new MdmError('not_found', `sample ${sampleId} does not exist`);
  return { ...sampleFromRow(row), png: row.png };
}
