import type {
  Conv2DBackpropFilterAttrs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import { forwardConvInfo } from './conv-info';
import { WasmOps } from './wasm-ops';

/**
 * dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, s·oh + kh − pad, s·ow + kw − pad, ci] · dy[n,oh,ow,co] is one
 * forward convolution of xᵀ [Ci,H,W,N] with the "filter" dyᵀ [OH,OW,N,Co] at dilation s, so it runs
 * on XNNPACK's convolution instead of a missing kernel.
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  const info = forwardConvInfo(x.shape, a.filterShape, a);
  const { top, bottom, left, right } = info.padInfo;
  const [kh, kw, ci, co] = a.filterShape;
  const ops = new WasmOps(backend as KernelBackend);
  const xT = ops.transpose(x, [3, 1, 2, 0]);
  const dyT = ops.transpose(dy, [1, 2, 0, 3]);
  const dilations: [number, number] = [info.strideHeight, info.strideWidth];
  const g = ops.conv2d(
    xT,
    dyT,
    [
      [top, bottom],
      [left, right],
    ],
    dilations,
  );
  const dwT = ops.crop(g, [0, 0, 0, 0], [ci, kh, kw, co]);
  return ops.finish(ops.transpose(dwT, [1, 2, 0, 3]));
};

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
