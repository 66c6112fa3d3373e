/** Diffusion specifications as plain JSON data: presets, learned parameterizations and user-defined K, Q, D (docs/science.md §2). */
import {
  add,
  diag,
  fromFn,
  identity,
  matMul,
  scale,
  transpose,
  type Matrix,
} from './linalg/matrix';
import { MdmError } from '../errors';
import { Rng } from '../random';
import { LIMITS } from './limits';
import { DEFAULT_SCHEDULE, type Schedule } from './schedule';

/** The paper's fixed diffusions (docs/science.md §2 table). */
export const PRESET_NAMES = ['vpsde', 'cld', 'alda', 'malda'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export const DEFAULT_SIGMA_V2 = 0.01;
/** Floor added to the learned D so that it stays positive definite (docs/science.md §2). */
export const LEARNED_D_FLOOR = 1e-3;

/** Raw learned parameters: Q = q − qᵀ with D = diag(softplus(d) + floor), or D = B Bᵀ + floor·I with B lower-triangular. */
export type LearnedParams = { q: Matrix; d: number[] } | { q: Matrix; b: Matrix };

/** Everything that defines a diffusion; plain data so runs can store and export it. */
export interface DiffusionSpec {
  name: string;
  k: number;
  /** Skew-symmetric Q of du = −β(t)(Q + D)u dt + sqrt(2β(t)D) dW. */
  q: Matrix;
  /** Symmetric positive semi-definite D. */
  d: Matrix;
  schedule: Schedule;
  /** Variance of the initial auxiliary variables q(v0 | x) = N(0, σv² I). */
  sigmaV2: number;
  learned?: LearnedParams;
}

export interface SpecOptions {
  schedule?: Schedule;
  sigmaV2?: number;
}

function finish(
  name: string,
  q: Matrix,
  d: Matrix,
  opts: SpecOptions,
  learned?: LearnedParams,
): DiffusionSpec {
  const spec: DiffusionSpec = {
    name,
    k: q.length,
    q,
    d,
    schedule: { ...(opts.schedule ?? DEFAULT_SCHEDULE) },
    sigmaV2: opts.sigmaV2 ?? DEFAULT_SIGMA_V2,
  };
  return learned ? { ...spec, learned } : spec;
}

/** The paper's fixed diffusions (docs/science.md §2 table); k applies to malda only (default 3). */
export function presetSpec(
  name: PresetName,
  opts: SpecOptions & { k?: number } = {},
): DiffusionSpec {
  switch (name) {
    case 'vpsde':
      return finish(name, [[0]], [[0.5]], opts);
    case 'cld':
      return finish(
        name,
        [
          [0, -1],
          [1, 0],
        ],
        diag([0, 2]),
        opts,
      );
    case 'alda':
      return finish(
        name,
        [
          [0, -1, 0],
          [1, 0, -1],
          [0, 1, 0],
        ],
        diag([0, 0, 1]),
        opts,
      );
    case 'malda': {
      const k = opts.k ?? 3;
      if (!Number.isInteger(k) || k < 2 || k > LIMITS.maxK)
        throw new MdmError('invalid', `malda needs an integer K in [2, ${LIMITS.maxK}], got ${k}`);
      const q = fromFn(k, k, (i, j) => (i < j ? -1 : i > j ? 1 : 0));
      return finish(
        k === 3 ? name : `malda-${k}`,
        q,
        diag([0, ...Array<number>(k - 1).fill(2)]),
        opts,
      );
    }
  }
}

export function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/** Q and D of a learned diffusion from its raw parameters (docs/science.md §2, learned-K row). */
export function learnedMatrices(params: LearnedParams): { q: Matrix; d: Matrix } {
  const q = add(params.q, scale(transpose(params.q), -1));
  if ('d' in params) return { q, d: diag(params.d.map((x) => softplus(x) + LEARNED_D_FLOOR)) };
  const b = params.b.map((row, i) => row.map((x, j) => (j <= i ? x : 0)));
  return { q, d: add(matMul(b, transpose(b)), scale(identity(b.length), LEARNED_D_FLOOR)) };
}

export function learnedSpec(params: LearnedParams, opts: SpecOptions = {}): DiffusionSpec {
  const { q, d } = learnedMatrices(params);
  return finish(`learned-${q.length}`, q, d, opts, params);
}

/**
 * How learned parameters start: 'normal' draws the lower triangle of q and d (or B) from N(0, 1);
 * 'uniform' draws every entry of q and d (or B) from U(−1/√K, 1/√K), as the authors' code does
 * (PyTorch's default nn.Linear initialisation with fan-in K).
 */
export type LearnedInit = 'normal' | 'uniform';

/** Random raw parameters of a learned-K diffusion, reproducible from `seed`. */
export function randomLearnedParams(
  k: number,
  seed: number,
  fullD = false,
  init: LearnedInit = 'normal',
): LearnedParams {
  if (!Number.isInteger(k) || k < 1 || k > LIMITS.maxK)
    throw new MdmError('invalid', `learned needs an integer K in [1, ${LIMITS.maxK}], got ${k}`);
  const rng = new Rng(seed);
  const bound = 1 / Math.sqrt(k);
  const draw = init === 'uniform' ? () => bound * (2 * rng.uniform() - 1) : () => rng.normal();
  const lowerOnly = init === 'normal';
  const q = fromFn(k, k, (i, j) => (i > j || !lowerOnly ? draw() : 0));
  if (!fullD) return { q, d: Array.from({ length: k }, draw) };
  return { q, b: fromFn(k, k, (i, j) => (j <= i ? draw() : 0)) };
}

/** A user-defined diffusion; check it with validateSpec before use. */
export function customSpec(q: Matrix, d: Matrix, opts: SpecOptions = {}): DiffusionSpec {
  return finish('custom', q, d, opts);
}

/** Entropy of q(v0) = N(0, σv² I_{K−1}) per data coordinate: the ELBO's auxiliary entropy term (docs/science.md §4). */
export function auxiliaryEntropy(spec: DiffusionSpec): number {
  return 0.5 * (spec.k - 1) * (1 + Math.log(2 * Math.PI * spec.sigmaV2));
}
