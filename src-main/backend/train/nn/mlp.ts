import * as tf from '@tensorflow/tfjs-core';
import type { Dense } from './layers';
import { dense, denseParams, silu, timestepEmbedding } from './layers';
import { ParamScoreNet } from './score-net';

/** An MLP ε-network for 2-D toy data: [x, sinusoidal(t)] → SiLU layers → K·2 outputs. */
export interface MlpConfig {
  hidden: number;
  layers: number;
  embDim: number;
}

export const MLP_DEFAULT: MlpConfig = { hidden: 128, layers: 3, embDim: 32 };

export interface MlpOptions {
  /** Input and output width, K·2 for 2-D data. */
  channels: number;
  seed: number;
}

/** Takes and returns [B, 1, 1, K·2] so that it plugs in wherever a U-Net does. */
export class Mlp extends ParamScoreNet {
  readonly kind = 'mlp';
  private readonly hidden: Dense[] = [];
  private readonly out: Dense;

  constructor(
    readonly config: MlpConfig,
    readonly options: MlpOptions,
  ) {
    super(options.seed);
    let width = options.channels + config.embDim;
    for (let i = 0; i < config.layers; i++) {
      this.hidden.push(denseParams(this.params, `hidden.${i}`, width, config.hidden));
      width = config.hidden;
    }
    this.out = denseParams(this.params, 'out', width, options.channels, 0);
  }

  apply(u: tf.Tensor4D, t: tf.Tensor1D, _training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const x = tf.reshape(u, [u.shape[0], this.options.channels]);
      let h = tf.concat([x, timestepEmbedding(t, this.config.embDim)], 1) as tf.Tensor2D;
      for (const layer of this.hidden) h = silu(dense(h, layer));
      return tf.reshape(dense(h, this.out), u.shape);
    });
  }
}

export function createMlp(options: MlpOptions, config: MlpConfig = MLP_DEFAULT): Mlp {
  return new Mlp(config, options);
}
