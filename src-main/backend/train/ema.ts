/** Exponential moving average of the network weights, used for sampling and evaluation. */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedWeight } from './nn/params';

/**
 * Shadow copies updated as w̄ ← δ w̄ + (1 − δ) w with δ = min(decay, (1 + n)/(10 + n)) after n updates
 * (TensorFlow's ExponentialMovingAverage with num_updates), so short runs are not dominated by the initial weights.
 */
export class Ema {
  private readonly shadows: tf.Variable[];
  private updates = 0;

  constructor(
    private readonly variables: tf.Variable[],
    private readonly names: string[],
    readonly decay: number,
  ) {
    this.shadows = variables.map((v) => tf.variable(v.clone(), false));
  }

  get count(): number {
    return this.updates;
  }

  update(): void {
    const n = this.updates;
    const delta = Math.min(this.decay, (1 + n) / (10 + n));
    tf.tidy(() => {
      this.variables.forEach((v, i) => {
        const s = this.shadows[i]!;
        s.assign(tf.add(tf.mul(s, delta), tf.mul(v, 1 - delta)));
      });
    });
    this.updates = n + 1;
  }

  /** Runs `fn` with the averaged weights in the live variables, then puts the trained ones back exactly. */
  with<T>(fn: () => T): T;
  with<T>(fn: () => Promise<T>): Promise<T>;
  with<T>(fn: () => T | Promise<T>): T | Promise<T> {
    const saved = this.variables.map((v) => v.clone());
    this.variables.forEach((v, i) => v.assign(this.shadows[i]!));
    const restore = () => {
      this.variables.forEach((v, i) => v.assign(saved[i]!));
      tf.dispose(saved);
    };
    let result: T | Promise<T>;
    try {
      result = fn();
    } catch (error) {
      restore();
      throw error;
    }
    if (result instanceof Promise) return result.finally(restore);
    restore();
    return result;
  }

  async getWeights(): Promise<NamedWeight[]> {
    return Promise.all(
      this.shadows.map(async (s, i) => ({
        name: this.names[i] ?? String(i),
        shape: s.shape.slice(),
        values: (await s.data()) as Float32Array,
      })),
    );
  }

  setWeights(weights: NamedWeight[], updates: number): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    this.shadows.forEach((s, i) => {
      const name = this.names[i] ?? String(i);
      const w = byName.get(name);
      if (!w) throw new Error(`checkpoint lacks EMA weight ${name}`);
      if (w.shape.join() !== s.shape.join())
        throw new Error(`EMA weight ${name}: shape [${w.shape}] ≠ [${s.shape}]`);
      tf.tidy(() => s.assign(tf.tensor(w.values, w.shape)));
    });
    this.updates = updates;
  }

  dispose(): void {
    tf.dispose(this.shadows);
  }
}
