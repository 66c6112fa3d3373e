/** A run's learned diffusion (Q, D at each recorded step) as a JSON zip or a CSV. */
import { specOfChoice } from '#shared/config/diffusion-choice';
import type { DiffusionParamsExport } from '#shared/config/params-export';
import { diffusionParamsSeries, getRun, type StoreDb } from '../store/index';
import { zipArchive } from './zip-writer';

const paramsReadme = `# Learned diffusion parameters (MDM Studio)

params.json holds the linear forward diffusion of one run (Singhal, Goldstein & Ranganath,
ICLR 2023, eq. 16): du = −β(t)(Q + D) u dt + sqrt(2β(t) D) dW with β(t) = β0 + (β1 − β0) t.
"steps" lists Q (skew-symmetric) and D (symmetric PSD) as K×K arrays of rows at each recorded
training step; the first entry is the diffusion the run started from. "sigmaV2" is the variance of
the initial auxiliary variables, q(v0 | x) = N(0, σv² I).
`;

/** The run's diffusion from its start (step 0) through every recorded step, and when it was last recorded. */
function paramsExport(db: StoreDb, runId: number): { file: DiffusionParamsExport; time: number } {
  const run = getRun(db, runId);
  const config = run.config;
  const initial = specOfChoice(config.diffusion, config.seed);
  const series = diffusionParamsSeries(db, runId);
  const recorded = series.map(({ step, q, d }) => ({ step, q, d }));
  const file: DiffusionParamsExport = {
    format: 'mdm-studio/diffusion-params@1',
    run: { id: run.id, name: run.name, diffusion: run.diffusion },
    k: initial.k,
    schedule: initial.schedule,
    sigmaV2: initial.sigmaV2,
    steps:
      recorded[0]?.step === 0 ? recorded : [{ step: 0, q: initial.q, d: initial.d }, ...recorded],
  };
  return { file, time: series.at(-1)?.time ?? run.createdAt };
}

/** params.json and a README, dated when Q and D were last recorded (same parameters, same bytes). */
export function paramsZip(db: StoreDb, runId: number): Buffer {
  const { file, time } = paramsExport(db, runId);
  const date = new Date(time);
  return zipArchive([
    { name: 'params.json', data: Buffer.from(JSON.stringify(file, null, 2)), date },
    { name: 'README.md', data: Buffer.from(paramsReadme), date },
  ]);
}

/** One row per matrix entry: `step,matrix,row,col,value` with matrix Q or D, rows and columns from 0. */
export function paramsCsv(db: StoreDb, runId: number): string {
  const rows = ['step,matrix,row,col,value'];
  for (const { step, q, d } of paramsExport(db, runId).file.steps) {
    for (const [name, matrix] of [
      ['Q', q],
      ['D', d],
    ] as const) {
      matrix.forEach((row, i) =>
        row.forEach((v, j) => rows.push(`${step},${name},${i},${j},${v}`)),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}
