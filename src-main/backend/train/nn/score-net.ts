import type * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import type { NamedWeight } from './params';
import { ParamSet } from './params';
import { Rng } from '#shared/random';

/**
 * A network predicting the noise ε of u_t = m(t) + L(t)ε for all K variables (docs/science.md §6);
 * shape [B, H, W, K·C] in and out ([B, 1, 1, K·2] for 2-D toy data), t ∈ [0, 1] of shape [B].
 */
export interface ScoreNet {
  readonly kind: 'unet' | 'mlp';
  apply(u: tf.Tensor4D, t: tf.Tensor1D, training: boolean): tf.Tensor4D;
  readonly variables: tf.Variable[];
  readonly paramCount: number;
  /** The weights' names, in the order of `variables`. */
  readonly weightNames: string[];
  getWeights(): Promise<NamedWeight[]>;
  setWeights(weights: NamedWeight[]): void;
  /** State of the dropout RNG, to checkpoint and resume with the same masks. */
  rngState: number;
}

/** Parameter bookkeeping every score network shares: seeded creation, counts, checkpoints. */
export abstract class ParamScoreNet implements ScoreNet {
  abstract readonly kind: 'unet' | 'mlp';
  protected readonly rng: Rng;
  protected readonly params: ParamSet;

  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.params = new ParamSet(this.rng);
  }

  abstract apply(u: tf.Tensor4D, t: tf.Tensor1D, training: boolean): tf.Tensor4D;

  get variables(): tf.Variable[] {
    return this.params.variables;
  }

  get paramCount(): number {
    return this.params.paramCount;
  }

  get weightNames(): string[] {
    return this.params.names;
  }

  getWeights(): Promise<NamedWeight[]> {
    return this.params.getWeights();
  }

  setWeights(weights: NamedWeight[]): void {
    this.params.setWeights(weights);
  }

  get rngState(): number {
    return this.rng.state;
  }

  set rngState(state: number) {
    this.rng.state = state >>> 0;
  }
}
