import type {
  Conv2DBackpropInputAttrs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import { forwardConvInfo } from './conv-info';
import { WasmOps } from './wasm-ops';

/** Inserts s−1 zeros after every row and column of dy [N,OH,OW,C]: [N, OH·sh, OW·sw, C]. */
function dilate(ops: WasmOps, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [n, oh, ow, c] = dy.shape as [number, number, number, number];
  const spread = ops.reshape(dy, [n * oh, 1, ow, 1, c]);
  const padded = ops.pad(spread, [
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return ops.reshape(padded, [n, oh * sh, ow * sw, c]);
}

/**
 * dx is the "full" convolution of the zero-dilated dy with the filter rotated by 180° and its
 * channel axes swapped: one stride-1 forward convolution on XNNPACK instead of the slow built-in.
 */
const conv2DBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropInputAttrs;
  const info = forwardConvInfo(a.inputShape, filter.shape, a);
  const [n, h, w, ci] = a.inputShape;
  const ops = new WasmOps(backend as KernelBackend);
  const d = dilate(ops, dy, info.strideHeight, info.strideWidth);
  const rotated = ops.transpose(ops.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  const [dh, dw] = [d.shape[1] as number, d.shape[2] as number];
  // Padding so that the output is h×w; negative amounts become a crop of the output instead.
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  const bottom = h - dh - top + info.filterHeight - 1;
  const right = w - dw - left + info.filterWidth - 1;
  const [t, l] = [Math.max(0, top), Math.max(0, left)];
  const pads: [number, number][] = [
    [t, Math.max(0, bottom)],
    [l, Math.max(0, right)],
  ];
  const full = ops.conv2d(d, rotated, pads, [1, 1]);
  return ops.finish(ops.crop(full, [0, t - top, l - left, 0], [n, h, w, ci]));
};

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput,
};
