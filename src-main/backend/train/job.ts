/** A training run from start (or a checkpoint) to finish, reporting everything through `report`; runs in a worker thread or in-process. */
import { isMdmError } from '#shared/errors';
import { encodePng } from '../export/png';
import { createTensorDiffusion } from '#shared/mdm/tensor/diffusion';
import type { DiffusionSpec } from '#shared/mdm/spec';
import { openDataset } from '../datasets/index';
import type { TrainingJob, TrainingReport } from '../runs/protocol';
import { selectBackend } from './backend';
import { loadCheckpoint, saveCheckpoint, type CheckpointContents } from './checkpoint';
import { DataCursor } from './data';
import { evaluate } from './evaluate';
import { evaluationMetrics, stepMetrics } from './metrics';
import { buildNet, dataShapeOf, topologyFor, type DataShape } from './model';
import { drawSamples } from './sample';
import { samplesImage } from './sample-image';
import { deriveSeed } from '#shared/random';
import { SEED_STREAM } from './seeds';
import { Trainer } from './trainer';

const POINTS_PER_PICTURE = 1024;
/** Images per U-Net pass: the mnist U-Net's step then peaks near 0.8 GiB of tensors (bench/unet.ts), far below wasm's 4 GiB. */
const IMAGE_MICRO_BATCH = 32;

/** How often a learned diffusion's current Q and D are reported. */
const DIFFUSION_PARAMS_EVERY = 10;
/** Test-set evaluation noise and t draws use one fixed seed, so that runs are compared on the same draws. */
const EVAL_SEED = 0;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function describeTopology(c: CheckpointContents['topology'], params: number): string {
  const name = c.kind === 'unet' ? `${c.size} U-Net` : 'MLP';
  return `${name}, ${params.toLocaleString('en-US')} parameters`;
}

/** Trains `job` to config.steps (or until job.signal aborts), then evaluates on the test set; throws on failure. */
export async function runTrainingJob(job: TrainingJob, report: TrainingReport): Promise<void> {
  const { config } = job;
  const selection = await selectBackend(
    config.backend === 'auto' ? {} : { prefer: config.backend },
  );
  const backendReason = selection.available.find((s) => s.name === selection.chosen)?.reason ?? '';
  const resume = job.resumeFrom ? await loadCheckpoint(job.resumeFrom) : null;
  if (resume && resume.dataset.name !== config.dataset)
    throw new Error(
      `checkpoint ${job.resumeFrom} was trained on ${resume.dataset.name}, not ${config.dataset}`,
    );
  const dataset = await openDataset(config.dataset, job.dataDir);
  const data: DataShape = dataShapeOf(dataset.info);
  const spec: DiffusionSpec = resume?.diffusion ?? job.diffusion;
  const diffusion = createTensorDiffusion(spec);
  const topology = resume?.topology ?? topologyFor(config.model, data, spec.k);
  const net = buildNet(topology, config.seed);
  const trainer = new Trainer(net, diffusion, {
    learningRate: config.learningRate,
    diffusionLearningRate: config.diffusionLearningRate,
    warmupSteps: config.warmupSteps,
    gradClip: config.gradClip,
    emaDecay: config.emaDecay,
    tSampling: config.tSampling,
    seed: config.seed,
    microBatch: data.kind === 'image' ? Math.min(config.batchSize, IMAGE_MICRO_BATCH) : undefined,
  });
  try {
    if (resume) {
      net.setWeights(resume.weights);
      net.rngState = resume.netRngState;
      trainer.setState(resume.trainer);
    }
    const cursor = new DataCursor(dataset, {
      batchSize: config.batchSize,
      seed: config.seed,
      transform: config.transform,
    });
    const [h, w, c] = data.shape;
    const d = h * w * c;
    const learned = diffusion.trainableVariables().length > 0;
    report({
      type: 'started',
      backend: selection.chosen,
      detail: `${backendReason}; ${describeTopology(topology, net.paramCount)}`,
      step: trainer.step,
    });
    report({
      type: 'log',
      level: 'info',
      message: `${resume ? `resumed at step ${trainer.step} from ${job.resumeFrom}` : 'started'}: ${spec.name} (K = ${spec.k}) on ${dataset.info.name}, batch ${config.batchSize}, ${cursor.stepsPerEpoch} steps per epoch`,
    });

    let lastCheckpoint = resume ? trainer.step : -1;
    let lastSample = -1;
    const reportDiffusion = () => {
      const { q, d: dm } = diffusion.toSpec();
      report({ type: 'diffusion-params', step: trainer.step, q, d: dm });
    };
    const checkpoint = async () => {
      if (lastCheckpoint === trainer.step) return;
      const saved = await saveCheckpoint(job.runDir, {
        runId: job.runId,
        step: trainer.step,
        config,
        diffusion: diffusion.toSpec(),
        dataset: { name: dataset.info.name, ...data },
        topology,
        weights: net.getWeights(),
        data: cursor.position(trainer.step),
        netRngState: net.rngState,
        trainer: trainer.getState(),
      });
      lastCheckpoint = trainer.step;
      report({
        type: 'checkpoint',
        step: trainer.step,
        path: saved.path,
        sizeBytes: saved.sizeBytes,
      });
    };
    // A density picture of 2-D points needs thousands of them; images show sampleCount in a grid.
    const sampleCount = data.kind === 'points' ? POINTS_PER_PICTURE : config.sampleCount;
    const sample = async () => {
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
      });
    };

    if (learned && !resume) reportDiffusion();
    while (trainer.step < config.steps && !job.signal.aborted) {
      const batch = cursor.batchAt(trainer.step);
      const stats = trainer.trainStep(batch.x, [batch.size, h, w, c]);
      const ldjMean = batch.ldj.reduce((s, v) => s + v, 0) / batch.size;
      report({
        type: 'metrics',
        step: stats.step,
        time: Date.now(),
        values: stepMetrics(stats, data.kind, d, ldjMean, batch.size / stats.seconds),
      });
      if (learned && stats.step % DIFFUSION_PARAMS_EVERY === 0) reportDiffusion();
      if (config.sampleEvery > 0 && stats.step % config.sampleEvery === 0) await sample();
      if (config.checkpointEvery > 0 && stats.step % config.checkpointEvery === 0)
        await checkpoint();
      await yieldToEventLoop(); // lets a stop request in
    }

    let stopped = trainer.step < config.steps;
    if (learned && trainer.step % DIFFUSION_PARAMS_EVERY !== 0) reportDiffusion();
    await checkpoint();
    if (!stopped) {
      if (config.sampleEvery > 0) await sample();
      if (config.evalImages > 0) {
        report({
          type: 'log',
          level: 'info',
          message: `evaluating on ${config.evalImages} test images`,
        });
        let lastTenth = -1;
        const result = await trainer.withEvalWeights(() =>
          evaluate((u, t) => net.apply(u, t, false), diffusion, dataset, {
            images: config.evalImages,
            batchSize: config.batchSize,
            transform: config.transform,
            seed: EVAL_SEED,
            tSampling: config.tSampling,
            signal: job.signal,
            onProgress: (done, total) => {
              const tenth = Math.floor((10 * done) / total);
              if (tenth !== lastTenth && done > 0) {
                lastTenth = tenth;
                report({
                  type: 'log',
                  level: 'info',
                  message: `evaluated ${done}/${total} test images`,
                });
              }
            },
          }).catch((error: unknown) => {
            if (isMdmError(error) && error.code === 'cancelled') return null;
            throw error;
          }),
        );
        if (result) {
          report({
            type: 'metrics',
            step: trainer.step,
            time: Date.now(),
            values: evaluationMetrics(result),
          });
          const unit = result.unit === 'bpd' ? 'bits/dim' : 'nats/dim';
          report({
            type: 'log',
            level: 'info',
            message: `test ${unit}: ${result.value.toFixed(4)} ± ${result.stderr.toFixed(4)} over ${result.count} examples`,
          });
        } else {
          // Resuming the stopped run skips straight to this evaluation.
          stopped = true;
          report({
            type: 'log',
            level: 'warn',
            message: 'stopped during the test evaluation; resume the run to evaluate',
          });
        }
      }
    }
    report({ type: 'finished', status: stopped ? 'stopped' : 'completed', step: trainer.step });
  } finally {
    trainer.dispose();
    for (const v of net.variables) v.dispose();
    diffusion.dispose();
  }
}
