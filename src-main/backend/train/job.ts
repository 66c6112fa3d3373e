/** A training run from start (or a checkpoint) to finish, reporting everything through `report`; runs in a worker thread or in-process. */
import { isMdmError, MdmError } from '#shared/errors';
import { encodePng } from '../export/png';
import { createTensorDiffusion, type TensorDiffusion } from '#shared/mdm/tensor/diffusion';
import type { DiffusionSpec } from '#shared/mdm/spec';
import { openDataset, type Dataset } from '../datasets/index';
import type { TrainingJob, TrainingReport } from '../runs/protocol';
import { describeAdapter } from '../webgpu-adapter';
import { selectBackend, type BackendSelection } from './backend';
import { loadCheckpoint, saveCheckpoint, type CheckpointContents } from './checkpoint';
import { DataCursor } from './data';
import { describeEvaluation, evaluate } from './evaluate';
import type { Evaluation } from '#shared/api/checkpoint-tasks';
import { evaluationMetrics, stepMetrics } from './metrics';
import { IMAGE_MICRO_BATCH, microBatchFor } from '#shared/config/model-memory';
import { buildNet, dataShapeOf, largestActivationBytes, topologyFor } from './model';
import type { DataShape } from './model';
import type { ScoreNet } from './nn/score-net';
import { byTenths } from '../progress';
import { drawSamples } from './sample';
import { samplesImage } from './sample-image';
import { deriveSeed } from '#shared/random';
import { SEED_STREAM } from './seeds';
import { SystemSampler } from './system-metrics';
import { Trainer } from './trainer';

const POINTS_PER_PICTURE = 1024;

/** How often a learned diffusion's current Q and D are reported. */
const DIFFUSION_PARAMS_EVERY = 10;
/** Test-set evaluation noise and t draws use one fixed seed, so that runs are compared on the same draws. */
const EVAL_SEED = 0;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function describeTopology(c: CheckpointContents['topology'], params: number): string {
  const name = c.kind === 'unet' ? `${c.size} U-Net` : 'MLP';
  return `${name}, ${params.toLocaleString('en-US')} parameters`;
}

/** What a job builds before its first step. */
interface Run {
  job: TrainingJob;
  report: TrainingReport;
  resume: CheckpointContents | null;
  dataset: Dataset;
  data: DataShape;
  spec: DiffusionSpec;
  diffusion: TensorDiffusion;
  topology: CheckpointContents['topology'];
  net: ScoreNet;
  trainer: Trainer;
  /** Why the micro-batch is smaller than usual (the GPU's buffer limit), or null. */
  microBatchReason: string | null;
  /** Whether the diffusion itself is trained (learned Q, D). */
  learned: boolean;
}

/** Trains `job` to config.steps (or until job.signal aborts), then evaluates on the test set; throws on failure. */
export async function runTrainingJob(job: TrainingJob, report: TrainingReport): Promise<void> {
  const { config } = job;
  const selection = await selectBackend(
    config.backend === 'auto' ? {} : { prefer: config.backend },
  );
  const backendReason = selection.available.find((s) => s.name === selection.chosen)?.reason ?? '';
  const run = await buildRun(job, report, selection);
  const { trainer, net, diffusion } = run;
  try {
    if (run.resume) {
      net.setWeights(run.resume.weights);
      net.rngState = run.resume.netRngState;
      trainer.setState(run.resume.trainer);
    }
    const cursor = new DataCursor(run.dataset, {
      batchSize: config.batchSize,
      seed: config.seed,
      transform: config.transform,
      flip: config.hflip,
    });
    report({
      type: 'started',
      backend: selection.chosen,
      device:
        selection.chosen === 'webgpu' && selection.adapter
          ? describeAdapter(selection.adapter)
          : null,
      detail: `${backendReason}; ${describeTopology(run.topology, net.paramCount)}`,
      step: trainer.step,
    });
    if (run.microBatchReason) report({ type: 'log', level: 'info', message: run.microBatchReason });
    report({
      type: 'log',
      level: 'info',
      message: `${run.resume ? `resumed at step ${trainer.step} from ${job.resumeFrom}` : 'started'}: ${run.spec.name} (K = ${run.spec.k}) on ${run.dataset.info.name}, batch ${config.batchSize}, ${cursor.stepsPerEpoch} steps per epoch`,
    });
    const events = runEvents(run, cursor);
    await trainSteps(run, cursor, events);

    const outOfTime = budgetSpent(run) && trainer.step < config.steps;
    if (outOfTime)
      report({
        type: 'log',
        level: 'info',
        message: `time budget of ${config.budgetMinutes} min spent at step ${trainer.step}`,
      });
    let stopped = trainer.step < config.steps && !outOfTime;
    if (run.learned && trainer.step % DIFFUSION_PARAMS_EVERY !== 0) events.reportDiffusion();
    await events.checkpoint();
    if (!stopped) {
      if (config.sampleEvery > 0) await events.sample();
      if (config.evalImages > 0) stopped = !(await finalEvaluation(run));
    }
    report({ type: 'finished', status: stopped ? 'stopped' : 'completed', step: trainer.step });
  } finally {
    trainer.dispose();
    for (const v of net.variables) v.dispose();
    diffusion.dispose();
  }
}

/** Loads the checkpoint to resume from (if any), the dataset, the diffusion, the network and its trainer. */
async function buildRun(
  job: TrainingJob,
  report: TrainingReport,
  selection: BackendSelection,
): Promise<Run> {
  const { config } = job;
  const resume = job.resumeFrom ? await loadCheckpoint(job.resumeFrom) : null;
  if (resume && resume.dataset.name !== config.dataset)
    throw new MdmError(
      'invalid',
      `checkpoint ${job.resumeFrom} was trained on ${resume.dataset.name}, not ${config.dataset}`,
    );
  const dataset = await openDataset(config.dataset, job.dataDir);
  const data = dataShapeOf(dataset.info);
  const spec = resume?.diffusion ?? job.diffusion;
  const diffusion = createTensorDiffusion(spec);
  const topology = resume?.topology ?? topologyFor(config.model, data, spec.k);
  const net = buildNet(topology, config.seed);
  // A GPU binds each tensor as one storage buffer: the adapter's limit may shrink the micro-batch.
  const gpuLimit =
    selection.chosen === 'webgpu' ? (selection.adapter?.maxStorageBufferBindingSize ?? null) : null;
  const micro =
    data.kind === 'image'
      ? microBatchFor(
          config.batchSize,
          IMAGE_MICRO_BATCH,
          largestActivationBytes(topology),
          gpuLimit,
        )
      : null;
  const trainer = new Trainer(net, diffusion, {
    learningRate: config.learningRate,
    diffusionLearningRate: config.diffusionLearningRate,
    warmupSteps: config.warmupSteps,
    gradClip: config.gradClip,
    clipScale: config.clipScale,
    emaDecay: config.emaDecay,
    tSampling: config.tSampling,
    seed: config.seed,
    microBatch: micro?.size,
  });
  const learned = diffusion.trainableVariables().length > 0;
  const microBatchReason = micro?.reason ?? null;
  return {
    ...{ job, report, resume, dataset, data, spec, diffusion, topology, net, trainer },
    ...{ microBatchReason, learned },
  };
}

/** The reports a run makes now and then: learned Q and D, a checkpoint, a picture of samples (each at most once per step). */
interface RunEvents {
  reportDiffusion(): void;
  checkpoint(): Promise<void>;
  sample(): Promise<void>;
}

function runEvents(run: Run, cursor: DataCursor): RunEvents {
  const { job, report, trainer, net, diffusion, data, dataset } = run;
  const { config } = job;
  let lastCheckpoint = run.resume ? trainer.step : -1;
  let lastSample = -1;
  // A density picture of 2-D points needs thousands of them; images show sampleCount in a grid.
  const sampleCount = data.kind === 'points' ? POINTS_PER_PICTURE : config.sampleCount;
  return {
    reportDiffusion() {
      const { q, d } = diffusion.toSpec();
      report({ type: 'diffusion-params', step: trainer.step, q, d });
    },
    async checkpoint() {
      if (lastCheckpoint === trainer.step) return;
      const saved = await saveCheckpoint(job.runDir, {
        runId: job.runId,
        step: trainer.step,
        config,
        diffusion: diffusion.toSpec(),
        dataset: { name: dataset.info.name, ...data },
        topology: run.topology,
        weights: await net.getWeights(),
        data: cursor.position(trainer.step),
        netRngState: net.rngState,
        trainer: await trainer.getState(),
      });
      lastCheckpoint = trainer.step;
      report({
        type: 'checkpoint',
        step: trainer.step,
        path: saved.path,
        sizeBytes: saved.sizeBytes,
      });
    },
    async sample() {
      if (lastSample === trainer.step) return;
      const x = await trainer.withEvalWeights(async () =>
        drawSamples((u, t) => net.apply(u, t, false), diffusion.toSpec(), {
          count: sampleCount,
          shape: data.shape,
          method: 'em',
          steps: config.sampleSteps,
          seed: deriveSeed(config.seed, trainer.step, SEED_STREAM.sample),
        }),
      );
      const image = samplesImage(x, sampleCount, data, config.transform);
      lastSample = trainer.step;
      report({
        type: 'sample',
        step: trainer.step,
        kind: data.kind === 'points' ? 'scatter' : 'grid',
        png: new Uint8Array(encodePng(image)), // a copy: the worker transfers its buffer
        width: image.width,
        height: image.height,
        ...(data.kind === 'points' ? { points: Float32Array.from(x) } : {}),
      });
    },
  };
}

/** Whether the run's time budget (config.budgetMinutes of training steps) is spent. */
function budgetSpent(run: Run): boolean {
  const minutes = run.job.config.budgetMinutes;
  return minutes > 0 && run.trainer.seconds >= minutes * 60;
}

/** Steps until config.steps, the time budget or a stop request, reporting metrics and, on their schedules, Q and D, samples and checkpoints. */
async function trainSteps(run: Run, cursor: DataCursor, events: RunEvents): Promise<void> {
  const { job, report, trainer, data, learned } = run;
  const { config } = job;
  const [h, w, c] = data.shape;
  const d = h * w * c;
  if (learned && !run.resume) events.reportDiffusion();
  const system = new SystemSampler();
  while (trainer.step < config.steps && !job.signal.aborted && !budgetSpent(run)) {
    const batch = cursor.batchAt(trainer.step);
    const stats = await trainer.trainStep(batch.x, [batch.size, h, w, c]);
    const ldjMean = batch.ldj.reduce((s, v) => s + v, 0) / batch.size;
    report({
      type: 'metrics',
      step: stats.step,
      time: Date.now(),
      values: {
        ...stepMetrics(stats, data.kind, d, ldjMean, batch.size / stats.seconds),
        ...system.sample(stats.step === config.steps),
      },
    });
    if (learned && stats.step % DIFFUSION_PARAMS_EVERY === 0) events.reportDiffusion();
    if (config.sampleEvery > 0 && stats.step % config.sampleEvery === 0) await events.sample();
    if (config.checkpointEvery > 0 && stats.step % config.checkpointEvery === 0)
      await events.checkpoint();
    await yieldToEventLoop(); // lets a stop request in
  }
}

/** The test-set evaluation with the eval weights, reported as metrics and a log line; false if a stop request cut it short. */
async function finalEvaluation(run: Run): Promise<boolean> {
  const { job, report, trainer, net, diffusion, dataset } = run;
  const { config } = job;
  const log = (message: string) => report({ type: 'log', level: 'info', message });
  log(`evaluating on ${config.evalImages} test images`);
  const result: Evaluation | null = await trainer.withEvalWeights(() =>
    evaluate((u, t) => net.apply(u, t, false), diffusion, dataset, {
      images: config.evalImages,
      batchSize: config.batchSize,
      transform: config.transform,
      seed: EVAL_SEED,
      tSampling: config.tSampling,
      signal: job.signal,
      onProgress: byTenths((done, total) => log(`evaluated ${done}/${total} test images`)),
    }).catch((error: unknown) => {
      if (isMdmError(error) && error.code === 'cancelled') return null;
      throw error;
    }),
  );
  if (!result) {
    // Resuming the stopped run skips straight to this evaluation.
    report({
      type: 'log',
      level: 'warn',
      message: 'stopped during the test evaluation; resume the run to evaluate',
    });
    return false;
  }
  report({
    type: 'metrics',
    step: trainer.step,
    time: Date.now(),
    values: evaluationMetrics(result),
  });
  log(describeEvaluation(result, 'examples'));
  return true;
}
