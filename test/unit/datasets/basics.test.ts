import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src-main/backend/export/png';
import { Rng, deriveSeed } from '#shared/random';
import { planarToHwc } from '../../../src-main/backend/datasets/convert';
import { pixelsOf, planarToHwcReference } from './helpers/formats';

describe('seeded PRNG', () => {
  it('repeats for the same seed and differs across seeds and streams', () => {
    const draw = (...parts: number[]) => {
      const rng = new Rng(deriveSeed(...parts));
      return Array.from({ length: 5 }, () => rng.u32());
    };
    expect(draw(1, 2)).toEqual(draw(1, 2));
    expect(draw(1, 2)).not.toEqual(draw(1, 3));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('has floats in [0, 1) with mean 1/2 and normals with variance 1', () => {
    const rng = new Rng(42);
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      sq += rng.normal() ** 2;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    expect(sq / 20_000).toBeCloseTo(1, 1);
  });

  it('permutes 0..n-1', () => {
    const p = new Rng(3).permutation(1000);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    expect(Array.from(p.slice(0, 10))).not.toEqual([...Array(10).keys()]);
  });
});

describe('channel-planar to HWC', () => {
  it('matches the reference layout for CIFAR/ImageNet32 records', () => {
    const planar = pixelsOf(3, 3072);
    expect(planarToHwc(planar, 1, 1024, 3)).toEqual(planarToHwcReference(planar));
  });
});

describe('PNG encoder', () => {
  it('writes a valid signature, IHDR, CRCs and the pixels', () => {
    const pixels = Uint8Array.from({ length: 3 * 2 * 3 }, (_, i) => i * 10);
    const png = encodePng({ width: 3, height: 2, channels: 3, pixels });
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const chunks: { type: string; data: Buffer }[] = [];
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      const type = png.toString('latin1', at + 4, at + 8);
      expect(png.readUInt32BE(at + 8 + length)).toBe(
        zlib.crc32(png.subarray(at + 4, at + 8 + length)),
      );
      chunks.push({ type, data: png.subarray(at + 8, at + 8 + length) });
      at += 12 + length;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = chunks[0]!.data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([3, 2, 8, 2]);
    const raw = zlib.inflateSync(chunks[1]!.data);
    expect(raw[0]).toBe(0);
    expect(new Uint8Array(raw.subarray(1, 10))).toEqual(pixels.subarray(0, 9));
    expect(new Uint8Array(raw.subarray(11, 20))).toEqual(pixels.subarray(9, 18));
  });
});
