/** The run form's values: the numbers as typed (null while empty), filled from the defaults or a run to duplicate. */
import { defaultRunConfig, type RunConfig } from '#shared/config/run-config';
import { NUMBER_RULES, type RuledField } from '#shared/config/run-rules';

/** The numeric settings the run form shows, each with its rule (run-rules.ts). */
export const FORM_NUMBERS = [
  'steps',
  'batchSize',
  'learningRate',
  'warmupSteps',
  'gradClip',
  'emaDecay',
  'seed',
  'sampleEvery',
  'checkpointEvery',
  'evalImages',
  'budgetMinutes',
] as const satisfies readonly RuledField[];
export type FormNumber = (typeof FORM_NUMBERS)[number];
export type FormNumbers = Record<FormNumber, number | null>;

/** The form's numbers for a config. */
export function formNumbersOf(config: RunConfig): FormNumbers {
  return Object.fromEntries(FORM_NUMBERS.map((key) => [key, config[key]])) as FormNumbers;
}

/** A duplicate's seed: the next one, so the copy is a new draw of the same experiment. */
export function nextSeed(seed: number): number {
  return seed >= NUMBER_RULES.seed.max ? 0 : seed + 1;
}

/** "name (copy)", kept within the length every run name is held to. */
export function copyName(name: string): string {
  const max = 200 - ' (copy)'.length;
  return `${name.slice(0, max)} (copy)`;
}

/** The form's starting settings: the defaults, or a run's own config with the next seed. */
export function startingConfig(source: RunConfig | null): RunConfig {
  if (!source) return defaultRunConfig;
  return { ...source, name: copyName(source.name), seed: nextSeed(source.seed) };
}

/** The step of an input for a rule: 1 for whole numbers, any for the rest. */
export function stepOf(field: RuledField): 1 | 'any' {
  return NUMBER_RULES[field].integer ? 1 : 'any';
}
