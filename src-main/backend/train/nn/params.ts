import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '#shared/random';

/** One named weight as stored in a checkpoint. */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Named trainable variables with seeded initialization, shared by every score network. */
export class ParamSet {
  private readonly entries: { name: string; variable: tf.Variable }[] = [];

  constructor(private readonly rng: Rng) {}

  private add(name: string, shape: number[], values: Float32Array): tf.Variable {
    if (this.entries.some((e) => e.name === name)) throw new Error(`duplicate parameter ${name}`);
    const variable = tf.variable(tf.tensor(values, shape), true);
    this.entries.push({ name, variable });
    return variable;
  }

  /**
   * DDPM's default_init: variance_scaling(scale, 'fan_avg', 'uniform'), with scale 0 meaning
   * 1e-10 as in Ho et al. 2020 (output layers start near zero yet still receive gradients).
   */
  fanAvg(name: string, shape: number[], fanIn: number, fanOut: number, scale = 1): tf.Variable {
    const limit = Math.sqrt((3 * (scale === 0 ? 1e-10 : scale)) / ((fanIn + fanOut) / 2));
    const size = shape.reduce((p, s) => p * s, 1);
    return this.add(name, shape, this.rng.uniforms(size, -limit, limit));
  }

  constant(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, shape, new Float32Array(shape.reduce((p, s) => p * s, 1)).fill(value));
  }

  get variables(): tf.Variable[] {
    return this.entries.map((e) => e.variable);
  }

  get paramCount(): number {
    return this.entries.reduce((n, e) => n + e.variable.size, 0);
  }

  get names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** Every weight read back from the backend (asynchronously: WebGPU cannot read synchronously). */
  async getWeights(): Promise<NamedWeight[]> {
    return Promise.all(
      this.entries.map(async ({ name, variable }) => ({
        name,
        shape: variable.shape.slice(),
        values: (await variable.data()) as Float32Array,
      })),
    );
  }

  /** Assigns every weight by name; a missing name or a shape mismatch is an error. */
  setWeights(weights: NamedWeight[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    for (const { name, variable } of this.entries) {
      const w = byName.get(name);
      if (!w) throw new Error(`checkpoint lacks weight ${name}`);
      if (w.shape.join() !== variable.shape.join()) {
        throw new Error(`weight ${name}: shape [${w.shape}] ≠ [${variable.shape}]`);
      }
      tf.tidy(() => variable.assign(tf.tensor(w.values, w.shape)));
    }
  }
}
