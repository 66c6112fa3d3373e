/** Evaluating and sampling a trained checkpoint: the answers of 'runs-evaluate' and 'runs-sample'. */
import type { DatasetKind } from './datasets';

/** The samplers: Euler–Maruyama on the reverse SDE, Heun on the probability-flow ODE (docs/science.md §7). */
export const SAMPLE_METHODS = ['em', 'ode'] as const;
export type SampleMethod = (typeof SAMPLE_METHODS)[number];

/** Means over the evaluated examples; `unit` says whether values are bits per dimension or nats per dimension. */
export interface Evaluation {
  unit: 'bpd' | 'nats_per_dim';
  count: number;
  /** BPD = −(ELBO + ldj)/(d ln 2) + 8 for images; −ELBO/d for points. */
  value: number;
  stderr: number;
  /** The same without the offset term, i.e. the ELBO of x at t_min (the authors report both). */
  noOffset: { value: number; stderr: number };
  /**
   * The probability-flow ODE estimate (estimator 'ode'), same unit, with its standard error over the
   * examples and the mean number of drift evaluations per batch. For K > 1 it estimates
   * E_q(v0)[log p(x, v0) − log q(v0)], a bound over v0, not log p(x) itself.
   */
  ode?: { value: number; stderr: number; nfe: number; boundOverV0: boolean };
  /** Each ELBO term as −term/(d ln 2) (images) or −term/d (points). */
  terms: { prior: number; diffusion: number; auxEntropy: number; offset: number };
  /** Mean ELBO per example in nats, model space (without ldj). */
  elboNats: number;
}

/** Which checkpoint a task used, with which weights and backend, and how long it took. */
export interface CheckpointTask {
  /** The run the checkpoint belongs to; null for a checkpoint folder given directly. */
  runId: number | null;
  checkpoint: string;
  step: number;
  dataset: string;
  datasetKind: DatasetKind;
  diffusion: string;
  k: number;
  /** Whether the EMA weights were used (the run kept them). */
  ema: boolean;
  backend: string;
  seconds: number;
}

export type RunEvaluation = CheckpointTask & Evaluation;

export interface RunSamples extends CheckpointTask {
  /** The PNG written: a grid of images, or a density histogram of 2-D points. */
  path: string;
  count: number;
  steps: number;
  method: SampleMethod;
  seed: number;
  width: number;
  height: number;
}
