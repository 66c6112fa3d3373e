/**
 * The one seeded generator of the project: mulberry32, whose whole state is one 32-bit word, so a
 * checkpoint stores it as a number and a resumed run draws exactly what an uninterrupted one would.
 */
export class Rng {
  /** The generator's state; set it to resume a stream where a checkpoint left it. */
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A fresh seed in [0, 2^31), e.g. for a tfjs random op. */
  seed(): number {
    return this.int(2147483648);
  }

  /** A standard normal (Box–Muller, cosine branch). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** `n` uniforms on [low, high). */
  uniforms(n: number, low: number, high: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = low + (high - low) * this.uniform();
    return out;
  }

  /** `n` standard normals, Box–Muller pairs (cosine and sine of one draw). */
  normals(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
      const theta = 2 * Math.PI * this.uniform();
      out[i] = r * Math.cos(theta);
      if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
    }
    return out;
  }

  /** A Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
    return order;
  }
}

/** splitmix32's finalizer: a well-mixed 32-bit hash of one word. */
function mix(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed in [0, 2^31) from integer parts, e.g. deriveSeed(runSeed, step, stream): independent streams. */
export function deriveSeed(...parts: number[]): number {
  let h = 0x243f6a88;
  for (const part of parts) {
    h = mix((h + 0x9e3779b9 + Math.imul(part >>> 0, 0x9e3779b1)) >>> 0);
    h = mix(h ^ (Math.floor(part / 2 ** 32) >>> 0));
  }
  return h & 0x7fffffff;
}
