import * as tf from '@tensorflow/tfjs-core';
import type {
  KernelBackend,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';

type Pairs = [number, number][];

/**
 * Calls the wasm backend's own kernels on raw TensorInfos from inside another kernel, and frees
 * the intermediates it made once the result is known (wasm memory is refcounted per dataId).
 */
export class WasmOps {
  private readonly temps: TensorInfo[] = [];

  constructor(private readonly backend: KernelBackend) {}

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const config = tf.getKernel(kernelName, 'wasm');
    if (!config) throw new Error(`wasm kernel ${kernelName} is not registered`);
    const out = config.kernelFunc({ inputs, attrs, backend: this.backend }) as TensorInfo;
    this.temps.push(out);
    return out;
  }

  /** NHWC convolution with explicit [[top, bottom], [left, right]] padding. */
  conv2d(x: TensorInfo, filter: TensorInfo, pads: Pairs, dilations: [number, number]): TensorInfo {
    const pad = [[0, 0], ...pads, [0, 0]];
    return this.run('Conv2D', { x, filter }, { strides: 1, pad, dataFormat: 'NHWC', dilations });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  pad(x: TensorInfo, paddings: Pairs): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Slices `size` from `begin`, or returns x itself when that is all of it. */
  crop(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    if (size.every((s, i) => s === x.shape[i])) return x;
    return this.run('Slice', { x }, { begin, size });
  }

  /** Frees every intermediate but `result`, which the caller hands to the engine. */
  finish(result: TensorInfo): TensorInfo {
    for (const t of this.temps) if (t !== result) this.backend.disposeData(t.dataId);
    return result;
  }
}
