import { describe, expect, it } from 'vitest';
import { batchMemory, UNET_SIZES, unetActivationBytes } from '#shared/config/model-memory';

const mib = 2 ** 20;

describe('the run form’s memory check (the trainer’s micro-batch rule)', () => {
  it('lets any batch train: memory follows micro-batches of 32 images', () => {
    expect(batchMemory('cifar', 32, 4096, null)).toEqual({
      error: null,
      hint: 'any batch fits: it trains 32 images at a time',
    });
    expect(batchMemory('cifar', 32, 16, null)).toEqual({ error: null, hint: null });
    expect(batchMemory('mlp', null, 4096, 1)).toEqual({ error: null, hint: null });
  });

  it('names the smaller micro-batch a GPU’s binding limit forces, and refuses a model that cannot fit', () => {
    const perImage = unetActivationBytes(UNET_SIZES.cifar, 32);
    expect(perImage).toBe(2 * mib);
    expect(batchMemory('cifar', 32, 128, 16 * mib).hint).toMatch(
      /^trains in micro-batches of 8 images: .* max storage binding of 16\.0 MiB$/,
    );
    const tooBig = batchMemory('cifar', 32, 128, mib);
    expect(tooBig.error).toBe(
      "the model is too big for this GPU: one image's largest activation (2.0 MiB) exceeds the adapter's max storage binding (1.0 MiB)",
    );
  });

  it('against a software adapter’s 128 MiB binding: the cifar U-Net fits 256² images one at a time, not 512²', () => {
    const binding = 128 * mib;
    expect(unetActivationBytes(UNET_SIZES.cifar, 256)).toBe(binding);
    expect(batchMemory('cifar', 256, 128, binding).hint).toMatch(
      /^trains in micro-batches of 1 images: 1 × 128\.0 MiB/,
    );
    expect(batchMemory('cifar', 512, 128, binding).error).toBe(
      "the model is too big for this GPU: one image's largest activation (512.0 MiB) exceeds the adapter's max storage binding (128.0 MiB)",
    );
    // Off the GPU (no binding limit) the same model and images train in micro-batches of 32.
    expect(batchMemory('cifar', 512, 128, null)).toEqual({
      error: null,
      hint: 'any batch fits: it trains 32 images at a time',
    });
  });
});
