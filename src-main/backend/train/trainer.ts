/** One optimisation step of the DSM ELBO (docs/science.md §4, §6): loss = mean(−ELBO)/d, Adam, global-norm clip, warm-up, EMA. */
import type { TSampling } from '#shared/mdm/schedule';
import { MdmError } from '#shared/errors';
import * as tf from '@tensorflow/tfjs-core';
import { createElboFn } from '#shared/mdm/tensor/elbo';
import type { TensorDiffusion } from '#shared/mdm/tensor/diffusion';
import type { ScoreNet } from './nn/score-net';
import { Adam, type AdamState, type ParamGroup } from './optimizer';
import { Ema } from './ema';
import { microBatchGrads } from './micro-batch';
import { deriveSeed } from '#shared/random';
import { SEED_STREAM } from './seeds';
import type { NamedWeight } from './nn/params';

export interface TrainerSettings {
  learningRate: number;
  /** Learning rate of learned Q, D; undefined uses learningRate. */
  diffusionLearningRate?: number | undefined;
  warmupSteps: number;
  /** Global gradient-norm clip; 0 turns it off. */
  gradClip: number;
  /**
   * Which loss's gradient gradClip bounds: 'per-image' the mean per-image −ELBO in nats (the
   * authors' code; Adam then sees that gradient), 'per-dim' the optimised loss mean(−ELBO)/d.
   */
  clipScale: 'per-image' | 'per-dim';
  /** EMA decay of the network weights; 0 turns EMA off. */
  emaDecay: number;
  tSampling: TSampling;
  seed: number;
  /**
   * Examples per forward/backward pass; a batch is summed over micro-batches (exact: the loss is
   * a mean over examples). Bounds peak memory, which wasm caps at 4 GiB. Default: the whole batch.
   */
  microBatch?: number;
}

/** What one step measured, in nats (model space) unless said otherwise. */
export interface StepStats {
  /** Steps completed, this one included. */
  step: number;
  /** mean(−ELBO)/d, the optimised loss. */
  loss: number;
  /** Batch means per example. */
  elbo: number;
  prior: number;
  diffusion: number;
  auxEntropy: number;
  /** Global gradient norm before clipping, and its network / diffusion parts, in the units of clipScale. */
  gradNorm: number;
  gradNormNet: number;
  gradNormDiffusion: number;
  /** Norm of the gradient Adam received (after clipping), in the units of clipScale. */
  gradNormClipped: number;
  lr: number;
  lrDiffusion: number;
  /** Wall-clock seconds of the step (forward, backward, update). */
  seconds: number;
}

/** Training produced NaN or ±Infinity: 'internal' with the step in details; the message says where (shown to users as is). */
function nonFinite(step: number, message: string): MdmError {
  return new MdmError('internal', message, { step, nonFinite: true });
}

/** Everything besides the run config that a resumed trainer needs. */
export interface TrainerState {
  step: number;
  lastLoss: number | null;
  /** Seconds spent in training steps so far (what a time budget counts). */
  seconds: number;
  adam: AdamState;
  ema: { updates: number; weights: NamedWeight[] } | null;
}

/** What one step reads back: the loss, batch means of the ELBO terms, squared gradient norms. */
interface StepMeasures {
  loss: number;
  total: number;
  prior: number;
  diffusion: number;
  aux: number;
  netSq: number;
  diffusionSq: number;
}

function describeNumber(x: number): string {
  return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Infinity' : '-Infinity';
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0)
    ? x.toExponential(2)
    : x.toPrecision(4);
}

export class Trainer {
  readonly adam: Adam;
  readonly ema: Ema | null;
  private readonly netNames: string[];
  private readonly diffusionNames: string[];
  private completed = 0;
  private lastLoss: number | null = null;
  private stepSeconds = 0;

  constructor(
    readonly net: ScoreNet,
    readonly diffusion: TensorDiffusion,
    readonly settings: TrainerSettings,
  ) {
    this.netNames = net.weightNames;
    const diffusionVars = diffusion.trainableVariables();
    this.diffusionNames =
      diffusionVars.length === 2
        ? ['q', diffusion.spec.learned && 'b' in diffusion.spec.learned ? 'b' : 'd']
        : diffusionVars.map((_, i) => String(i));
    const groups: ParamGroup[] = [{ name: 'net', variables: net.variables, names: this.netNames }];
    if (diffusionVars.length > 0)
      groups.push({ name: 'diffusion', variables: diffusionVars, names: this.diffusionNames });
    this.adam = new Adam(groups);
    this.ema =
      settings.emaDecay > 0 ? new Ema(net.variables, this.netNames, settings.emaDecay) : null;
  }

  get step(): number {
    return this.completed;
  }

  /** Seconds spent in training steps, including those before a resume. */
  get seconds(): number {
    return this.stepSeconds;
  }

  /** Learning rates (network, diffusion) of the 1-based step s: linear warm-up over warmupSteps. */
  learningRates(s: number): [number, number] {
    const { learningRate, diffusionLearningRate, warmupSteps } = this.settings;
    const ramp = warmupSteps > 0 ? Math.min(1, s / warmupSteps) : 1;
    return [learningRate * ramp, (diffusionLearningRate ?? learningRate) * ramp];
  }

  /**
   * One step on a batch x [B, H, W, C] (model space); throws a non-finite MdmError before touching
   * the weights if anything is not finite. Async because WebGPU reads results back asynchronously.
   */
  async trainStep(x: Float32Array, shape: [number, number, number, number]): Promise<StepStats> {
    const started = performance.now();
    const s = this.completed + 1;
    const netVars = this.net.variables;
    const diffusionVars = this.diffusion.trainableVariables();
    const input = tf.tensor4d(x, shape);
    const { value, grads, termSums } = this.lossAndGrads(s, input, [...netVars, ...diffusionVars]);
    const gradsOf = (vars: tf.Variable[]) => vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
    const netGrads = gradsOf(netVars);
    const diffusionGrads = gradsOf(diffusionVars);
    try {
      const m = await this.measure(shape[0], value, termSums, netGrads, diffusionGrads);
      this.check(s, m);
      // The gradients are of mean(−ELBO)/d; the per-image loss's are d times larger.
      const [, h, w, c] = shape;
      const unit = this.settings.clipScale === 'per-image' ? h * w * c : 1;
      const gradNorm = Math.sqrt(m.netSq + m.diffusionSq) * unit;
      if (!Number.isFinite(gradNorm))
        await this.gradientFailure(s, netGrads, diffusionGrads, m.loss);

      const [lr, lrDiffusion] = this.learningRates(s);
      const { gradClip } = this.settings;
      const clip = gradClip > 0 && gradNorm > gradClip ? gradClip / gradNorm : 1;
      const scale = unit * clip;
      this.adam.apply(
        diffusionVars.length ? [netGrads, diffusionGrads] : [netGrads],
        [lr, lrDiffusion],
        scale,
      );
      this.ema?.update();
      // The learned Q, D changed: the diffusion's plain-number copy (squarings, toSpec) follows.
      if (diffusionVars.length) await this.diffusion.syncSpec();
      this.completed = s;
      this.lastLoss = m.loss;
      const seconds = (performance.now() - started) / 1000;
      this.stepSeconds += seconds;
      return {
        step: s,
        loss: m.loss,
        elbo: m.total,
        prior: m.prior,
        diffusion: m.diffusion,
        auxEntropy: m.aux,
        gradNorm,
        gradNormNet: Math.sqrt(m.netSq) * unit,
        gradNormDiffusion: Math.sqrt(m.diffusionSq) * unit,
        gradNormClipped: gradNorm * clip,
        lr,
        lrDiffusion,
        seconds,
      };
    } finally {
      tf.dispose([
        input,
        value,
        ...termSums,
        ...Object.values(grads),
        ...netGrads,
        ...diffusionGrads,
      ]);
    }
  }

  /**
   * The loss mean(−ELBO)/d of step s and its gradients, summed over micro-batches, with the batch
   * sums of the total, prior, diffusion and aux terms.
   */
  private lossAndGrads(
    s: number,
    input: tf.Tensor4D,
    vars: tf.Variable[],
  ): { value: tf.Scalar; grads: tf.NamedTensorMap; termSums: tf.Tensor[] } {
    const { seed, tSampling } = this.settings;
    const [b, h, w, c] = input.shape;
    const d = h * w * c;
    // createElboFn draws t and ε from its own seeded generator; one per step keeps every draw a function of (seed, step).
    const elbo = createElboFn(this.diffusion, {
      tSampling,
      seed: deriveSeed(seed, s, SEED_STREAM.elbo),
    });
    this.net.rngState = deriveSeed(seed, s, SEED_STREAM.dropout);
    // Per micro-batch sums of the total, prior, diffusion and aux terms, for the batch means.
    const partSums: tf.Tensor[][] = [];
    const { value, grads } = microBatchGrads(
      b,
      this.settings.microBatch ?? b,
      (start, size) => {
        const part = size === b ? input : tf.slice(input, [start, 0, 0, 0], [size, h, w, c]);
        const terms = elbo(part, (u, t) => this.net.apply(u, t, true));
        partSums.push(
          [terms.total, terms.prior, terms.diffusion, terms.auxEntropy].map((t) =>
            tf.keep(tf.sum(t)),
          ),
        );
        return tf.div(tf.neg(tf.mean(terms.total)), d) as tf.Scalar;
      },
      vars,
    );
    // tf.add(…, 0) makes a new tensor even for one micro-batch, whose sums are disposed next.
    const termSums = tf.tidy(() =>
      [0, 1, 2, 3].map((i) => tf.add(tf.addN(partSums.map((sums) => sums[i]!)), 0)),
    );
    tf.dispose(partSums.flat());
    return { value, grads, termSums };
  }

  /** Reads back, in one transfer, the loss, the batch means of the ELBO terms and the squared gradient norms. */
  private async measure(
    b: number,
    value: tf.Scalar,
    termSums: tf.Tensor[],
    netGrads: tf.Tensor[],
    diffusionGrads: tf.Tensor[],
  ): Promise<StepMeasures> {
    const summary = tf.tidy(() => {
      const sumSq = (gs: tf.Tensor[]) =>
        gs.length ? tf.addN(gs.map((g) => tf.sum(tf.square(g)))) : tf.scalar(0);
      return tf.stack([
        value,
        ...termSums.map((t) => tf.div(t, b)),
        sumSq(netGrads),
        sumSq(diffusionGrads),
      ]);
    });
    const [loss, total, prior, diffusion, aux, netSq, diffusionSq] = Array.from(
      await summary.data(),
    ) as number[];
    summary.dispose();
    return {
      loss: loss!,
      total: total!,
      prior: prior!,
      diffusion: diffusion!,
      aux: aux!,
      netSq: netSq!,
      diffusionSq: diffusionSq!,
    };
  }

  /** The first non-finite ELBO term, named as a user reads it. */
  private check(s: number, v: StepMeasures): void {
    const parts: [string, number][] = [
      ['diffusion term of the ELBO', v.diffusion],
      ['prior term of the ELBO', v.prior],
      ['auxiliary entropy term of the ELBO', v.aux],
      ['ELBO', v.total],
      ['loss', v.loss],
    ];
    const bad = parts.find(([, x]) => !Number.isFinite(x));
    if (bad)
      throw nonFinite(s, `step ${s}: the ${bad[0]} is ${describeNumber(bad[1])}${this.advice(s)}`);
  }

  private async gradientFailure(
    s: number,
    netGrads: tf.Tensor[],
    diffusionGrads: tf.Tensor[],
    loss: number,
  ): Promise<never> {
    const firstBad = async (gs: tf.Tensor[], names: string[]) => {
      for (let i = 0; i < gs.length; i++) {
        const values = await gs[i]!.data();
        const j = values.findIndex((x) => !Number.isFinite(x));
        if (j >= 0) return { name: names[i] ?? String(i), value: values[j]! };
      }
      return null;
    };
    const net = await firstBad(netGrads, this.netNames);
    const diff = await firstBad(diffusionGrads, this.diffusionNames);
    const what = net
      ? `gradient of network weight ${net.name} is ${describeNumber(net.value)}`
      : diff
        ? `gradient of the learned diffusion parameter ${diff.name} is ${describeNumber(diff.value)}`
        : 'gradient norm overflows float32 (every gradient is finite but their squares sum past 3.4e+38)';
    throw nonFinite(s, `step ${s}: the ${what} (loss ${fmt(loss)})${this.advice(s)}`);
  }

  private advice(s: number): string {
    if (s === 1 || this.lastLoss === null)
      return ' at the first step, before any update: the data or the diffusion is at fault, not the learning rate';
    const [lr] = this.learningRates(s);
    return ` (loss ${fmt(this.lastLoss)} at step ${s - 1}); lower the learning rate (now ${fmt(lr)}) or the gradient clip`;
  }

  async getState(): Promise<TrainerState> {
    return {
      step: this.completed,
      lastLoss: this.lastLoss,
      seconds: this.stepSeconds,
      adam: await this.adam.getState(),
      ema: this.ema ? { updates: this.ema.count, weights: await this.ema.getWeights() } : null,
    };
  }

  /** Restores optimizer, EMA and step (the network weights and the learned diffusion are restored by whoever built them). */
  setState(state: TrainerState): void {
    this.adam.setState(state.adam);
    if (this.ema) {
      if (!state.ema) throw new Error('the checkpoint has no EMA weights but this run uses EMA');
      this.ema.setWeights(state.ema.weights, state.ema.updates);
    }
    this.completed = state.step;
    this.lastLoss = state.lastLoss;
    this.stepSeconds = state.seconds;
  }

  /** Runs fn with the EMA weights in the network (or the trained ones when EMA is off). */
  withEvalWeights<T>(fn: () => Promise<T>): Promise<T> {
    return this.ema ? this.ema.with(fn) : fn();
  }

  dispose(): void {
    this.adam.dispose();
    this.ema?.dispose();
  }
}
