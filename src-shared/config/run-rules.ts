/**
 * The rules a new run's settings must keep, in words a user knows: the run form checks them as the
 * user types and parseRunConfig (the API, the CLI) refuses what they refuse, so both agree (issue 12).
 * A sample or checkpoint interval longer than the run is allowed with a warning: it only means
 * "at the end"; every other rule here is an error.
 */
import type { ComputeBackendStatus } from '../api/system';
import { MdmError } from '../errors';
import { LIMITS } from '../mdm/limits';

/** Most steps a run may ask for: 10 million steps of batch 128 is over 20,000 MNIST epochs. */
export const MAX_STEPS = 10_000_000;

/** The range of one numeric setting. */
export interface NumberRule {
  integer: boolean;
  min: number;
  /** True when min itself is refused (learning rates must be above 0). */
  minExclusive?: boolean;
  max: number;
  /** True when max itself is refused (an EMA decay of 1 never moves). */
  maxExclusive?: boolean;
}

/** Every numeric setting of a run and its range. */
export const NUMBER_RULES = {
  steps: { integer: true, min: 1, max: MAX_STEPS },
  batchSize: { integer: true, min: 1, max: 4096 },
  learningRate: { integer: false, min: 0, minExclusive: true, max: 1 },
  diffusionLearningRate: { integer: false, min: 0, minExclusive: true, max: 1 },
  warmupSteps: { integer: true, min: 0, max: MAX_STEPS },
  gradClip: { integer: false, min: 0, max: 1e6 },
  emaDecay: { integer: false, min: 0, max: 1, maxExclusive: true },
  seed: { integer: true, min: 0, max: 2 ** 32 - 1 },
  sampleEvery: { integer: true, min: 0, max: MAX_STEPS },
  sampleCount: { integer: true, min: 1, max: 256 },
  sampleSteps: { integer: true, min: 2, max: LIMITS.maxSampleSteps },
  checkpointEvery: { integer: true, min: 0, max: MAX_STEPS },
  evalImages: { integer: true, min: 0, max: 10_000_000 },
  budgetMinutes: { integer: false, min: 0, max: 525_600 },
} as const satisfies Record<string, NumberRule>;

export type RuledField = keyof typeof NUMBER_RULES;
export const RULED_FIELDS = Object.keys(NUMBER_RULES) as RuledField[];

/** 10000000 → "10,000,000"; 0.0002 → "0.0002" (the same on every machine). */
export function formatNumber(value: number): string {
  return Math.abs(value) >= 1000 ? value.toLocaleString('en-US') : String(value);
}

/** Why `value` breaks `rule`, as a short phrase ("must be at most 10,000,000"), or null when it keeps it. */
export function numberProblem(rule: NumberRule, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return 'enter a number';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'enter a number';
  if (rule.integer && !Number.isInteger(value)) return 'must be a whole number';
  if (rule.minExclusive ? value <= rule.min : value < rule.min)
    return rule.minExclusive
      ? `must be more than ${formatNumber(rule.min)}`
      : `must be at least ${formatNumber(rule.min)}`;
  if (rule.maxExclusive ? value >= rule.max : value > rule.max)
    return rule.maxExclusive
      ? `must be less than ${formatNumber(rule.max)}`
      : `must be at most ${formatNumber(rule.max)} (not ${formatNumber(value)})`;
  return null;
}

/** The settings the cross-field checks read; any may be missing or not a number while the user types. */
export type RunSettingsValues = Partial<Record<RuledField, unknown>>;

/** What is wrong (errors: nothing may start) and what is merely surprising (warnings), by field. */
export interface RunSettingsCheck {
  errors: Partial<Record<RuledField, string>>;
  warnings: Partial<Record<RuledField, string>>;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Warnings that need two fields: intervals longer than the run, a run that is all warm-up, an EMA longer than the run. */
function crossFieldWarnings(values: RunSettingsValues): RunSettingsCheck['warnings'] {
  const warnings: RunSettingsCheck['warnings'] = {};
  const steps = num(values.steps);
  if (steps === null) return warnings;
  const every = (key: 'sampleEvery' | 'checkpointEvery', what: string) => {
    const n = num(values[key]);
    if (n !== null && n > steps)
      warnings[key] = `longer than the run (${formatNumber(steps)} steps): ${what} only at the end`;
  };
  every('sampleEvery', 'samples');
  every('checkpointEvery', 'a checkpoint');
  const warmup = num(values.warmupSteps);
  if (warmup !== null && warmup >= steps)
    warnings.warmupSteps = `the whole run is warm-up: the learning rate never reaches its full value`;
  else if (warmup !== null && warmup > steps / 2)
    warnings.warmupSteps = `more than half of the run's ${formatNumber(steps)} steps is warm-up`;
  const ema = num(values.emaDecay);
  if (ema !== null && ema > 0 && ema < 1 && 1 / (1 - ema) > steps)
    warnings.emaDecay = `averages over about ${formatNumber(Math.round(1 / (1 - ema)))} steps, more than the run has: 0 turns EMA off`;
  return warnings;
}

/** Checks every present numeric setting and the cross-field warnings. */
export function checkRunSettings(values: RunSettingsValues): RunSettingsCheck {
  const errors: RunSettingsCheck['errors'] = {};
  for (const field of RULED_FIELDS) {
    if (!(field in values)) continue;
    const problem = numberProblem(NUMBER_RULES[field], values[field]);
    if (problem) errors[field] = problem;
  }
  const warnings = crossFieldWarnings(values);
  for (const field of Object.keys(errors) as RuledField[]) delete warnings[field];
  return { errors, warnings };
}

/**
 * Refuses settings that break a rule with an 'invalid' MdmError naming the first such field
 * ("steps: must be at most 10,000,000 (not 999,999,999,999)"). Optional fields that are absent pass.
 */
export function assertRunSettings(values: Record<string, unknown>): void {
  const present = Object.fromEntries(
    RULED_FIELDS.filter((f) => values[f] !== undefined).map((f) => [f, values[f]]),
  );
  const [first] = Object.entries(checkRunSettings(present).errors);
  if (first) {
    const [field, message] = first;
    throw new MdmError('invalid', `${field}: ${message}`, { path: field, field });
  }
}

/** Why a run cannot train on the backend it asks for here, or null when it can ('auto' always can). */
export function backendProblem(choice: string, backends: ComputeBackendStatus[]): string | null {
  if (choice === 'auto') return null;
  const status = backends.find((b) => b.name === choice);
  if (!status) return `${choice} is not a backend of this machine`;
  if (status.available) return null;
  return `${choice} is unavailable here: ${status.detail}${status.enable ? ` (${status.enable})` : ''}`;
}
