import { customSpec, type DiffusionSpec } from '../mdm/spec';
import type { Schedule } from '../mdm/schedule';

/** The exported learned-diffusion file (params.json): everything needed to rebuild the diffusion at any recorded step. */
export interface DiffusionParamsExport {
  format: 'mdm-studio/diffusion-params@1';
  run: { id: number; name: string; diffusion: string };
  k: number;
  schedule: Schedule;
  sigmaV2: number;
  /** Q and D per recorded step; the first entry is the diffusion the run started from. */
  steps: { step: number; q: number[][]; d: number[][] }[];
}

/** Rebuilds the diffusion of an export at `step` (default: the last one recorded). */
export function specFromParamsExport(file: DiffusionParamsExport, step?: number): DiffusionSpec {
  const entry = step === undefined ? file.steps.at(-1) : file.steps.find((s) => s.step === step);
  if (!entry) throw new Error(`the export has no parameters at step ${step ?? '(last)'}`);
  return customSpec(entry.q, entry.d, { schedule: file.schedule, sigmaV2: file.sigmaV2 });
}
