/** Adam (Kingma & Ba 2015) over named parameter groups with their own learning rates, and state that checkpoints exactly. */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedWeight } from './nn/params';

export interface ParamGroup {
  /** Prefix of the group's slot names in a checkpoint, e.g. 'net' or 'diffusion'. */
  name: string;
  variables: tf.Variable[];
  /** Names of the variables (stable across runs), same order as `variables`. */
  names: string[];
}

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamState {
  /** Updates applied so far (the t of the bias corrections). */
  t: number;
  slots: NamedWeight[];
}

/** Adam with one (m, v) pair per variable; `apply` takes the learning rate of each group at this step. */
export class Adam {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly slots: { name: string; m: tf.Variable; v: tf.Variable }[][];
  private t = 0;

  constructor(
    readonly groups: ParamGroup[],
    options: AdamOptions = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.slots = groups.map((g) =>
      g.variables.map((v, i) => ({
        name: `${g.name}/${g.names[i] ?? i}`,
        m: tf.variable(tf.zerosLike(v), false),
        v: tf.variable(tf.zerosLike(v), false),
      })),
    );
  }

  get steps(): number {
    return this.t;
  }

  /** One update: grads[g][i] belongs to groups[g].variables[i]; every gradient is multiplied by `scale` first (clipping). */
  apply(grads: tf.Tensor[][], learningRates: number[], scale = 1): void {
    this.t += 1;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      this.groups.forEach((group, g) => {
        const lr = learningRates[g] ?? 0;
        group.variables.forEach((variable, i) => {
          const grad = grads[g]?.[i];
          const slot = this.slots[g]?.[i];
          if (!grad || !slot) throw new Error(`Adam: no gradient for ${group.name} #${i}`);
          const gs = scale === 1 ? grad : tf.mul(grad, scale);
          slot.m.assign(tf.add(tf.mul(slot.m, this.beta1), tf.mul(gs, 1 - this.beta1)));
          slot.v.assign(tf.add(tf.mul(slot.v, this.beta2), tf.mul(tf.square(gs), 1 - this.beta2)));
          const step = tf.div(
            tf.div(slot.m, c1),
            tf.add(tf.sqrt(tf.div(slot.v, c2)), this.epsilon),
          );
          variable.assign(tf.sub(variable, tf.mul(step, lr)));
        });
      });
    });
  }

  async getState(): Promise<AdamState> {
    const read = async (name: string, slot: tf.Variable): Promise<NamedWeight> => ({
      name,
      shape: slot.shape.slice(),
      values: (await slot.data()) as Float32Array,
    });
    const slots = await Promise.all(
      this.slots.flat().flatMap((s) => [read(`${s.name}/m`, s.m), read(`${s.name}/v`, s.v)]),
    );
    return { t: this.t, slots };
  }

  /** Restores a saved state; a missing slot or a shape mismatch is an error naming it. */
  setState(state: AdamState): void {
    const byName = new Map(state.slots.map((w) => [w.name, w]));
    for (const s of this.slots.flat()) {
      for (const [suffix, variable] of [
        ['m', s.m],
        ['v', s.v],
      ] as const) {
        const saved = byName.get(`${s.name}/${suffix}`);
        if (!saved) throw new Error(`checkpoint lacks optimizer slot ${s.name}/${suffix}`);
        if (saved.shape.join() !== variable.shape.join())
          throw new Error(
            `optimizer slot ${s.name}/${suffix}: shape [${saved.shape}] ≠ [${variable.shape}]`,
          );
        tf.tidy(() => variable.assign(tf.tensor(saved.values, saved.shape)));
      }
    }
    this.t = state.t;
  }

  dispose(): void {
    for (const s of this.slots.flat()) {
      s.m.dispose();
      s.v.dispose();
    }
  }
}
