/**
 * What bounds a run's memory, shared by the trainer and the run form: the U-Net sizes, the largest
 * tensor one image makes in a training pass, and the micro-batch that keeps it within a GPU's
 * largest storage binding (docs/science.md §6). Peak memory follows the micro-batch, not the batch.
 */
import { MdmError } from '../errors';

/** The DDPM U-Net's hyper-parameters (Ho et al. 2020, models/unet.py). */
export interface UNetConfig {
  ch: number;
  chMult: number[];
  numResBlocks: number;
  /** Side lengths (in pixels) of the feature maps that get self-attention. */
  attnResolutions: number[];
  dropout: number;
  /** Most GroupNorm groups (32); a layer with C channels uses min(this, C/4). */
  groups?: number;
}

/**
 * Named sizes: the paper's MNIST and CIFAR-10 networks (docs/science.md §6) and a tiny one for tests.
 * MNIST keeps only the middle block's attention: the usual attn_resolutions (16) never occurs at
 * 28/14/7, and that gives the paper's ≈1.5M parameters (1,539,329 for one channel).
 */
export const UNET_SIZES = {
  mnist: { ch: 32, chMult: [1, 2, 2], numResBlocks: 2, attnResolutions: [], dropout: 0 },
  cifar: { ch: 128, chMult: [1, 2, 2, 2], numResBlocks: 2, attnResolutions: [16], dropout: 0 },
  tiny: { ch: 8, chMult: [1, 2], numResBlocks: 1, attnResolutions: [4], dropout: 0 },
} satisfies Record<string, UNetConfig>;
export type UNetSize = keyof typeof UNET_SIZES;

/** Images per U-Net pass: the mnist U-Net's step then peaks near 0.8 GiB of tensors (bench/unet.ts), far below wasm's 4 GiB. */
export const IMAGE_MICRO_BATCH = 32;

/**
 * Bytes of the largest single float32 tensor one image makes in a U-Net training pass: the widest
 * skip concatenation (at most twice the level's widest channels) or a self-attention matrix
 * (HW × HW), whichever is bigger. A GPU binds each tensor as one storage buffer.
 */
export function unetActivationBytes(config: UNetConfig, imageSize: number): number {
  const { ch, chMult, attnResolutions } = config;
  let worst = 0;
  chMult.forEach((mult, i) => {
    const res = imageSize / 2 ** i;
    const widest = 2 * ch * Math.max(mult, chMult[i + 1] ?? mult);
    const attends = attnResolutions.includes(res) || i === chMult.length - 1;
    worst = Math.max(worst, res * res * widest, attends ? res ** 4 : 0);
  });
  return 4 * worst;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * Images per forward/backward pass: `preferred`, fewer when one pass's largest activation
 * (`perImageBytes` each) would pass a GPU's largest storage binding (`limitBytes`, null when
 * there is none), with the reason to log. An error when not even one image fits.
 */
export function microBatchFor(
  batchSize: number,
  preferred: number,
  perImageBytes: number,
  limitBytes: number | null,
): { size: number; reason: string | null } {
  const size = Math.min(batchSize, preferred);
  if (limitBytes === null) return { size, reason: null };
  const fits = Math.floor(limitBytes / perImageBytes);
  if (fits < 1)
    throw new MdmError(
      'invalid',
      `the model is too big for this GPU: one image's largest activation (${mib(perImageBytes)}) exceeds the adapter's max storage binding (${mib(limitBytes)})`,
    );
  if (fits >= size) return { size, reason: null };
  return {
    size: fits,
    reason: `micro-batches of ${fits} images: ${fits} × ${mib(perImageBytes)} (the largest activation per image) stays within the adapter's max storage binding of ${mib(limitBytes)}`,
  };
}

/** What the run form says about memory: an error when the model cannot fit the GPU, else how a batch is split. */
export interface MemoryCheck {
  error: string | null;
  hint: string | null;
}

/**
 * The run form's memory check for a U-Net on `imageSize`² images (points and the MLP always fit):
 * `gpuLimit` is the WebGPU adapter's max storage binding when the run would train there, else null.
 */
export function batchMemory(
  model: string,
  imageSize: number | null,
  batchSize: number | null,
  gpuLimit: number | null,
): MemoryCheck {
  if (imageSize === null || !(model in UNET_SIZES)) return { error: null, hint: null };
  const perImage = unetActivationBytes(UNET_SIZES[model as UNetSize], imageSize);
  const batch = batchSize ?? IMAGE_MICRO_BATCH;
  try {
    const micro = microBatchFor(batch, IMAGE_MICRO_BATCH, perImage, gpuLimit);
    if (micro.reason) return { error: null, hint: `trains in ${micro.reason}` };
    return batch > micro.size
      ? { error: null, hint: `any batch fits: it trains ${micro.size} images at a time` }
      : { error: null, hint: null };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), hint: null };
  }
}
