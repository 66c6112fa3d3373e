/** A small seeded PRNG (xoshiro128**, seeded through splitmix32) so the same seed gives the same order and noise. */
export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** A uniform float in [0, 1) with 24 random bits. */
  nextFloat(): number;
  /** A uniform integer in [0, n). */
  nextInt(n: number): number;
  /** A standard normal draw (Box–Muller). */
  nextNormal(): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a generator from any number of integer seed parts (e.g. seed, epoch, stream). */
export function createRng(...seedParts: number[]): Rng {
  let h = 0x243f6a88;
  for (const part of seedParts) h = splitmix32(h ^ Math.imul(part | 0, 0x9e3779b1))();
  const init = splitmix32(h);
  let a = init();
  let b = init();
  let c = init();
  let d = init() | 1;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const nextFloat = (): number => (nextU32() >>> 8) / 16777216;
  return {
    nextU32,
    nextFloat,
    nextInt: (n) => Math.floor(nextFloat() * n),
    nextNormal: () => {
      const u = 1 - nextFloat();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextFloat());
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor((rng.nextU32() / 4294967296) * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}
