import type { StoreDb } from './db';
import { MdmError } from '#shared/errors';
import { requireRun } from './runs';
import { stmt } from './statements';
import type { SampleInfo } from './types';
import { int, record, text } from './fields';

/** A new sample: the PNG bytes inline, or the path of a PNG file the caller wrote; 2-D points [n, 2] beside it. */
export interface NewSample {
  step: number;
  kind: string;
  png?: Uint8Array;
  path?: string;
  width: number;
  height: number;
  meta?: Record<string, unknown>;
  points?: Float32Array;
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
  point_count: number;
  created_at: number;
}

const INFO_COLUMNS =
  'id, run_id, step, kind, path, width, height, meta, coalesce(length(points) / 8, 0) AS point_count, created_at';

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
    pointCount: row.point_count,
    createdAt: row.created_at,
  };
}

/** Stores a sample, replacing one of the same run, kind and step; returns it without bytes. */
export function addSample(db: StoreDb, runId: number, sample: NewSample): SampleInfo {
  requireRun(db, runId);
  if ((sample.png === undefined) === (sample.path === undefined)) {
    throw new MdmError('invalid', 'sample: expected exactly one of png bytes or a path');
  }
  if (sample.points !== undefined && sample.points.length % 2 !== 0) {
    throw new MdmError(
      'invalid',
      `sample points: expected [n, 2], got ${sample.points.length} values`,
    );
  }
  const row = stmt(
    db,
    `INSERT INTO samples (run_id, step, kind, png, path, width, height, meta, points, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, kind, step) DO UPDATE SET png = excluded.png, path = excluded.path,
       width = excluded.width, height = excluded.height, meta = excluded.meta,
       points = excluded.points, created_at = excluded.created_at
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
    sample.points === undefined ? null : littleEndianFloats(sample.points),
    Date.now(),
  ) as SampleRow;
  return sampleFromRow(row);
}

/** Float32 values as little-endian bytes, whatever the machine's byte order. */
function littleEndianFloats(values: Float32Array): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes;
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

/** The 2-D points [n, 2] a sample's picture was drawn from, or null (image samples, or stored before points were kept). */
export function getSamplePoints(db: StoreDb, sampleId: number): Float32Array | null {
  const row = stmt(db, 'SELECT points FROM samples WHERE id = ?').get(sampleId) as
    { points: Buffer | null } | undefined;
  if (!row) throw new MdmError('not_found', `sample ${sampleId} does not exist`);
  if (!row.points) return null;
  const points = new Float32Array(row.points.length / 4);
  for (let i = 0; i < points.length; i++) points[i] = row.points.readFloatLE(i * 4);
  return points;
}
