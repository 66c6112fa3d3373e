/** A run's samples as files: every picture in a zip, or one step's picture or 2-D points. */
import { readFileSync } from 'node:fs';
import { MdmError } from '#shared/errors';
import type { SampleInfo } from '#shared/api/runs';
import { getSample, getSamplePoints, listSamples, type StoreDb } from '../store/index';
import { encodeNpy } from './npy-writer';
import { pointsCsv } from './points-csv';
import { zipArchive } from './zip-writer';

/** A sample's PNG bytes, inline or from its file. */
function samplePng(db: StoreDb, sampleId: number): Buffer {
  const { png, path: file } = getSample(db, sampleId);
  const data = png ?? (file ? readFileSync(file) : null);
  if (!data) throw new MdmError('internal', `sample ${sampleId} has neither PNG bytes nor a file`);
  return data;
}

/** Every sample picture of a run, one PNG per kind and step, dated when it was drawn (same samples, same bytes). */
export function samplesZip(db: StoreDb, runId: number): Buffer {
  const samples = listSamples(db, runId);
  if (samples.length === 0) throw new MdmError('conflict', `run ${runId} has no samples yet`);
  return zipArchive(
    samples.map((info) => ({
      name: `${info.kind}-step-${String(info.step).padStart(7, '0')}.png`,
      data: samplePng(db, info.id),
      date: new Date(info.createdAt),
    })),
  );
}

/** The run's sample at `step` (default: the latest step); with `points`, only samples that kept their 2-D points. */
function sampleAt(
  db: StoreDb,
  runId: number,
  step: number | undefined,
  points: boolean,
): SampleInfo {
  const samples = listSamples(db, runId).filter((s) => !points || s.pointCount > 0);
  if (samples.length === 0) {
    throw new MdmError(
      'conflict',
      points
        ? `run ${runId} has no 2-D sample points: CSV and NPY exist for 2-D datasets' samples`
        : `run ${runId} has no samples yet`,
    );
  }
  const at = step ?? samples.at(-1)!.step;
  const sample = samples.find((s) => s.step === at);
  if (!sample) {
    const steps = [...new Set(samples.map((s) => s.step))].join(', ');
    throw new MdmError(
      'not_found',
      `step: run ${runId} has no sample at step ${at} (steps: ${steps})`,
    );
  }
  return sample;
}

/** One step's sample as a file: its picture, or its 2-D points as CSV or NPY. */
export function sampleFile(
  db: StoreDb,
  runId: number,
  format: 'png' | 'csv' | 'npy',
  step: number | undefined,
): { step: number; data: Buffer } {
  if (format === 'png') {
    const sample = sampleAt(db, runId, step, false);
    return { step: sample.step, data: samplePng(db, sample.id) };
  }
  const sample = sampleAt(db, runId, step, true);
  const points = getSamplePoints(db, sample.id)!;
  const data =
    format === 'csv' ? Buffer.from(pointsCsv(points)) : encodeNpy(points, [points.length / 2, 2]);
  return { step: sample.step, data };
}
