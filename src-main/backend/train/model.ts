/** Which score network a run trains, as data that a checkpoint stores and rebuilds (docs/science.md §6). */
import type { DatasetKind } from '#shared/api/datasets';
import { MdmError } from '#shared/errors';
import type { RunConfig } from '#shared/config/run-config';
import { unetActivationBytes } from '#shared/config/model-memory';
import type { DatasetInfo } from '../datasets/index';
import { createMlp, MLP_DEFAULT, type MlpConfig } from './nn/mlp';
import type { ScoreNet } from './nn/score-net';
import { createUNet, UNET_SIZES, type UNetConfig } from './nn/unet';

/** The network's architecture and shape: the `modelTopology` of a checkpoint's model.json. */
export type ModelTopology =
  | { kind: 'unet'; size: string; config: UNetConfig; imageSize: number; channels: number }
  | { kind: 'mlp'; config: MlpConfig; channels: number };

/** What the trained data looks like, from the dataset (images [H, W, C] or 2-D points). */
export interface DataShape {
  kind: DatasetKind;
  /** Per-example shape as the network sees one variable: [H, W, C], or [1, 1, 2] for points. */
  shape: [number, number, number];
}

export function dataShapeOf(info: Pick<DatasetInfo, 'name' | 'kind' | 'shape'>): DataShape {
  if (info.kind === 'points') return { kind: 'points', shape: [1, 1, info.shape[0] ?? 2] };
  const [h, w, c] = info.shape;
  if (h === undefined || w === undefined || c === undefined || h !== w)
    throw new MdmError(
      'invalid',
      `dataset ${info.name}: images must be square [H, W, C], got [${info.shape.join(', ')}]`,
    );
  return { kind: 'image', shape: [h, w, c] };
}

/** The topology a run config asks for on this data with K variables; a model that cannot fit the data is an error. */
export function topologyFor(model: RunConfig['model'], data: DataShape, k: number): ModelTopology {
  const channels = k * data.shape[2];
  if (data.kind === 'points') {
    if (model !== 'mlp')
      throw new MdmError(
        'invalid',
        `model '${model}' is a U-Net for images; 2-D point data needs model 'mlp'`,
      );
    return { kind: 'mlp', config: { ...MLP_DEFAULT }, channels };
  }
  if (model === 'mlp')
    throw new MdmError(
      'invalid',
      `model 'mlp' is for 2-D point data; images need 'tiny', 'mnist' or 'cifar'`,
    );
  const config = UNET_SIZES[model];
  const imageSize = data.shape[0];
  const levels = config.chMult.length;
  if (imageSize % 2 ** (levels - 1) !== 0)
    throw new MdmError(
      'invalid',
      `model '${model}' halves the image ${levels - 1} times; ${imageSize}×${imageSize} images do not divide`,
    );
  return {
    kind: 'unet',
    size: model,
    config: { ...config, chMult: [...config.chMult], attnResolutions: [...config.attnResolutions] },
    imageSize,
    channels,
  };
}

/**
 * Bytes of the largest single float32 tensor one example makes in a training pass: for a U-Net see
 * unetActivationBytes (model-memory.ts), for the MLP its widest layer. This bounds the micro-batch on WebGPU.
 */
export function largestActivationBytes(topology: ModelTopology): number {
  if (topology.kind === 'mlp') return 4 * Math.max(topology.config.hidden, topology.channels);
  return unetActivationBytes(topology.config, topology.imageSize);
}

/** A freshly initialised network of a topology; the same seed gives the same weights. */
export function buildNet(topology: ModelTopology, seed: number): ScoreNet {
  if (topology.kind === 'mlp')
    return createMlp({ channels: topology.channels, seed }, topology.config);
  return createUNet(topology.config, {
    imageSize: topology.imageSize,
    channels: topology.channels,
    seed,
  });
}
