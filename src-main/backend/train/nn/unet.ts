import * as tf from '@tensorflow/tfjs-core';
import type { Norm } from './group-norm';
import { groupNorm, groupNormParams } from './group-norm';
import type { Dense } from './layers';
import {
  conv3x3,
  convParams,
  dense,
  denseParams,
  dropout,
  nin,
  silu,
  timestepEmbedding,
  upsample2x,
} from './layers';
import type { ParamSet } from './params';
import type { Rng } from '#shared/random';
import { ParamScoreNet } from './score-net';
import { UNET_SIZES, type UNetConfig, type UNetSize } from '#shared/config/model-memory';

export { UNET_SIZES, type UNetConfig, type UNetSize };

export interface UNetOptions {
  /** Height = width of the images, e.g. 28 for MNIST. */
  imageSize: number;
  /** Input and output channels, K·C. */
  channels: number;
  seed: number;
}

type Stage = (h: tf.Tensor4D, emb: tf.Tensor2D, training: boolean) => tf.Tensor4D;

interface Ctx {
  ps: ParamSet;
  rng: Rng;
  embDim: number;
  groups: number | undefined;
  dropout: number;
}

/** Residual block with the time embedding added after the first convolution (DDPM resnet_block). */
function resBlock(c: Ctx, name: string, cin: number, cout: number): Stage {
  const norm0 = groupNormParams(c.ps, `${name}.norm0`, cin, c.groups);
  const conv0 = convParams(c.ps, `${name}.conv0`, cin, cout);
  const temb = denseParams(c.ps, `${name}.temb`, c.embDim, cout);
  const norm1 = groupNormParams(c.ps, `${name}.norm1`, cout, c.groups);
  const conv1 = convParams(c.ps, `${name}.conv1`, cout, cout, 0);
  const skip = cin === cout ? null : convParams(c.ps, `${name}.nin`, cin, cout, 1, 1);
  return (x, emb, training) => {
    let h = conv3x3(groupNorm(x, norm0, true), conv0);
    h = tf.add(h, tf.reshape(dense(emb, temb), [-1, 1, 1, cout]));
    h = groupNorm(h, norm1, true);
    if (training && c.dropout > 0) h = dropout(h, c.dropout, c.rng.seed());
    return tf.add(skip ? nin(x, skip) : x, conv3x3(h, conv1));
  };
}

/** Single-head self-attention over all pixels, residual (DDPM attn_block). */
function attnBlock(c: Ctx, name: string, ch: number): (x: tf.Tensor4D) => tf.Tensor4D {
  const norm: Norm = groupNormParams(c.ps, `${name}.norm`, ch, c.groups);
  const qkv: Dense = convParams(c.ps, `${name}.qkv`, ch, 3 * ch, 1, 1);
  const proj: Dense = convParams(c.ps, `${name}.proj`, ch, ch, 0, 1);
  return (x) => {
    const [b, h, w] = x.shape;
    const [q, k, v] = tf.split(tf.reshape(nin(groupNorm(x, norm), qkv), [b, h * w, 3 * ch]), 3, 2);
    const weights = tf.softmax(
      tf.mul(tf.matMul(q as tf.Tensor3D, k as tf.Tensor3D, false, true), ch ** -0.5),
    );
    const out = tf.reshape<tf.Rank.R4>(tf.matMul(weights, v as tf.Tensor3D), [b, h, w, ch]);
    return tf.add(x, nin(out, proj));
  };
}

function withAttention(c: Ctx, name: string, block: Stage, ch: number, attend: boolean): Stage {
  if (!attend) return block;
  const attn = attnBlock(c, `${name}.attn`, ch);
  return (h, emb, training) => attn(block(h, emb, training));
}

/** The DDPM U-Net (Ho et al. 2020) as an ε-prediction network for K·C-channel states. */
export class UNet extends ParamScoreNet {
  readonly kind = 'unet';
  private readonly ch: number;
  private readonly temb0: Dense;
  private readonly temb1: Dense;
  private readonly convIn: Dense;
  private readonly down: Stage[] = [];
  private readonly mid: Stage[] = [];
  private readonly up: { stage: Stage; takesSkip: boolean }[] = [];
  private readonly normOut: Norm;
  private readonly convOut: Dense;

  constructor(
    readonly config: UNetConfig,
    readonly options: UNetOptions,
  ) {
    super(options.seed);
    const { ch, chMult, numResBlocks, attnResolutions } = config;
    const levels = chMult.length;
    if (options.imageSize % 2 ** (levels - 1) !== 0) {
      throw new Error(`image size ${options.imageSize} does not halve ${levels - 1} times`);
    }
    const c: Ctx = {
      ps: this.params,
      rng: this.rng,
      embDim: 4 * ch,
      groups: config.groups,
      dropout: config.dropout,
    };
    this.ch = ch;
    this.temb0 = denseParams(c.ps, 'temb.0', ch, 4 * ch);
    this.temb1 = denseParams(c.ps, 'temb.1', 4 * ch, 4 * ch);
    this.convIn = convParams(c.ps, 'conv_in', options.channels, ch);
    let res = options.imageSize;
    let cin = ch;
    const skips = [ch];
    chMult.forEach((mult, i) => {
      for (let j = 0; j < numResBlocks; j++) {
        const name = `down.${i}.${j}`;
        const block = resBlock(c, name, cin, ch * mult);
        cin = ch * mult;
        this.down.push(withAttention(c, name, block, cin, attnResolutions.includes(res)));
        skips.push(cin);
      }
      if (i === levels - 1) return;
      const conv = convParams(c.ps, `down.${i}.downsample`, cin, cin);
      this.down.push((h) => conv3x3(h, conv, 2));
      skips.push(cin);
      res /= 2;
    });
    this.mid.push(withAttention(c, 'mid.0', resBlock(c, 'mid.0', cin, cin), cin, true));
    this.mid.push(resBlock(c, 'mid.1', cin, cin));
    for (let i = levels - 1; i >= 0; i--) {
      const cout = ch * (chMult[i] as number);
      for (let j = 0; j <= numResBlocks; j++) {
        const name = `up.${i}.${j}`;
        const block = resBlock(c, name, cin + (skips.pop() as number), cout);
        cin = cout;
        this.up.push({
          stage: withAttention(c, name, block, cin, attnResolutions.includes(res)),
          takesSkip: true,
        });
      }
      if (i === 0) continue;
      const conv = convParams(c.ps, `up.${i}.upsample`, cin, cin);
      this.up.push({ stage: (h) => conv3x3(upsample2x(h), conv), takesSkip: false });
      res *= 2;
    }
    this.normOut = groupNormParams(c.ps, 'norm_out', cin, config.groups);
    this.convOut = convParams(c.ps, 'conv_out', cin, options.channels, 0);
  }

  apply(u: tf.Tensor4D, t: tf.Tensor1D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const temb = dense(silu(dense(timestepEmbedding(t, this.ch), this.temb0)), this.temb1);
      const emb = silu(temb);
      let h = conv3x3(u, this.convIn);
      const hs = [h];
      for (const stage of this.down) {
        h = stage(h, emb, training);
        hs.push(h);
      }
      for (const stage of this.mid) h = stage(h, emb, training);
      for (const { stage, takesSkip } of this.up) {
        if (takesSkip) h = tf.concat([h, hs.pop() as tf.Tensor4D], 3);
        h = stage(h, emb, training);
      }
      return conv3x3(groupNorm(h, this.normOut, true), this.convOut);
    });
  }
}

/** A U-Net of a named size or explicit configuration. */
export function createUNet(size: UNetSize | UNetConfig, options: UNetOptions): UNet {
  return new UNet(typeof size === 'string' ? UNET_SIZES[size] : size, options);
}
