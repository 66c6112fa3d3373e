import { DATA_TRANSFORMS } from '../mdm/transforms';
import { PRESET_NAMES } from '../mdm/spec';
import { T_SAMPLINGS } from '../mdm/schedule';
import * as s from '../api/schema';
import type { Infer } from '../api/schema';
import { LIMITS } from '../mdm/limits';
import { assertRunSettings } from './run-rules';

/** Score networks a run can train: U-Nets sized for tests, MNIST and CIFAR-10 (docs/science.md §6), an MLP for 2-D toys. */
export const MODEL_NAMES = ['tiny', 'mnist', 'cifar', 'mlp'] as const;

const matrix = s.array(s.array(s.number(), { maxLength: LIMITS.maxK }), {
  maxLength: LIMITS.maxK,
});

/** Which diffusion a run trains (docs/science.md §2): a preset, a learned-K, or a user-defined K, Q, D. */
export const diffusionChoiceSchema = s.object({
  preset: s.literal(...PRESET_NAMES, 'learned', 'custom'),
  /** K for malda (≥ 2) and learned (≥ 1); ignored by the fixed-K presets and custom (which takes K from Q). */
  k: s.optional(s.number({ integer: true, min: 1, max: LIMITS.maxK })),
  /** learned only: a full D = B Bᵀ + 1e-3 I instead of a diagonal one. */
  fullD: s.optional(s.boolean()),
  /** learned only: how q and d start (spec.ts LearnedInit); absent means 'normal'. */
  init: s.optional(s.literal('normal', 'uniform')),
  q: s.optional(matrix),
  d: s.optional(matrix),
  beta0: s.optional(s.number({ min: 0, max: LIMITS.maxBeta })),
  beta1: s.optional(s.number({ min: 0, max: LIMITS.maxBeta })),
  sigmaV2: s.optional(s.number({ min: LIMITS.minSigmaV2, max: LIMITS.maxSigmaV2 })),
});
export type DiffusionChoice = Infer<typeof diffusionChoiceSchema>;

/**
 * The compute backends a run can train on, in the order tried when none is chosen: node-gpu,
 * webgpu (on a hardware adapter only), node, wasm, cpu (docs/architecture.md §5).
 */
export const BACKEND_NAMES = ['node-gpu', 'webgpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Which compute backend a run or task asks for; auto picks the best that loads. */
export const backendChoiceSchema = s.literal('auto', ...BACKEND_NAMES);

/** A run's name, wherever one is given (create, duplicate): the same limits everywhere. */
export const runNameSchema = s.string({ minLength: 1, maxLength: 200 });

/** A run's notes (Markdown, shown rendered with raw HTML escaped), wherever they are given. */
export const runNotesSchema = s.string({ maxLength: 10_000 });

/** A run's full configuration as the user chose it; stored with the run and sent to its worker. */
export const runConfigSchema = s.object({
  name: runNameSchema,
  /** The training-and-evaluation protocol (protocols.ts) whose settings this run uses; 'custom' pins nothing. */
  protocol: s.literal('paper', 'budget', 'custom'),
  /** Version of that protocol's settings when the run was created. */
  protocolVersion: s.number({ integer: true, min: 1 }),
  dataset: s.string({ minLength: 1 }),
  diffusion: diffusionChoiceSchema,
  model: s.literal(...MODEL_NAMES),
  steps: s.number({ integer: true, min: 1 }),
  batchSize: s.number({ integer: true, min: 1, max: 4096 }),
  learningRate: s.number({ min: 0 }),
  /** Learning rate of learned Q, D; null uses learningRate (docs/science.md §6). */
  diffusionLearningRate: s.optional(s.number({ min: 0 })),
  warmupSteps: s.number({ integer: true, min: 0 }),
  gradClip: s.number({ min: 0 }),
  /**
   * Units of the gradient that gradClip bounds: 'per-image' clips the gradient of the per-image loss
   * in nats (the authors' code), 'per-dim' that of the loss per dimension, d times smaller.
   */
  clipScale: s.literal('per-image', 'per-dim'),
  /** EMA decay of the weights used for sampling and evaluation; 0 turns EMA off. */
  emaDecay: s.number({ min: 0, max: 1 }),
  tSampling: s.literal(...T_SAMPLINGS),
  transform: s.literal(...DATA_TRANSFORMS),
  backend: backendChoiceSchema,
  seed: s.number({ integer: true, min: 0 }),
  sampleEvery: s.number({ integer: true, min: 0 }),
  sampleCount: s.number({ integer: true, min: 1, max: 256 }),
  sampleSteps: s.number({ integer: true, min: 2, max: LIMITS.maxSampleSteps }),
  checkpointEvery: s.number({ integer: true, min: 0 }),
  evalImages: s.number({ integer: true, min: 0 }),
  /** Random horizontal flips of training images (the authors flip CIFAR-10). */
  hflip: s.boolean(),
  /** Wall-clock training budget in minutes: training ends at `steps` or when it is spent; 0 means none. */
  budgetMinutes: s.number({ min: 0 }),
  tags: s.optional(s.array(s.string(), { maxLength: 32 })),
  notes: s.optional(runNotesSchema),
});
export type RunConfig = Infer<typeof runConfigSchema>;

/** The app's defaults: a quick CPU run; protocols.ts lists where they differ from the paper's protocol (docs/science.md §6). */
export const defaultRunConfig: RunConfig = {
  name: 'mnist-vpsde',
  protocol: 'custom',
  protocolVersion: 1,
  dataset: 'mnist',
  diffusion: { preset: 'vpsde' },
  model: 'tiny',
  steps: 1000,
  batchSize: 128,
  learningRate: 2e-4,
  warmupSteps: 100,
  gradClip: 2,
  clipScale: 'per-dim',
  emaDecay: 0.999,
  tSampling: 'importance',
  transform: 'logit',
  backend: 'auto',
  seed: 0,
  sampleEvery: 250,
  sampleCount: 16,
  sampleSteps: 100,
  checkpointEvery: 250,
  evalImages: 1000,
  hflip: false,
  budgetMinutes: 0,
};

/**
 * A config as stored, merged over the defaults: its shape only, so a run created before a rule
 * tightened (run-rules.ts) still reads. New runs go through parseRunConfig.
 */
export function readRunConfig(partial: unknown): RunConfig {
  // A wrong shape is refused, never silently replaced by the default run.
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    runConfigSchema.parse(partial, 'config');
  }
  return runConfigSchema.parse({ ...defaultRunConfig, ...(partial as object) });
}

/**
 * Parses an untrusted config for a new run, merged over the defaults: its shape, then the rules the
 * run form shows (run-rules.ts). Throws an 'invalid' MdmError naming the field.
 */
export function parseRunConfig(partial: unknown): RunConfig {
  const config = readRunConfig(partial);
  assertRunSettings(config);
  return config;
}
