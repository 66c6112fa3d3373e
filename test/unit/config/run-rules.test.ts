import { describe, expect, it } from 'vitest';
import type { ComputeBackendStatus } from '#shared/api/system';
import { defaultRunConfig, parseRunConfig, readRunConfig } from '#shared/config/run-config';
import {
  backendProblem,
  checkRunSettings,
  MAX_STEPS,
  NUMBER_RULES,
  numberProblem,
} from '#shared/config/run-rules';
import { isMdmError } from '#shared/errors';
import { errorOf } from './support';

describe('the rules of a run’s numeric settings', () => {
  it('words each broken range for a user, without internal names', () => {
    expect(numberProblem(NUMBER_RULES.steps, 999_999_999_999)).toBe(
      'must be at most 10,000,000 (not 999,999,999,999)',
    );
    expect(numberProblem(NUMBER_RULES.steps, 0)).toBe('must be at least 1');
    expect(numberProblem(NUMBER_RULES.steps, 2.5)).toBe('must be a whole number');
    expect(numberProblem(NUMBER_RULES.batchSize, null)).toBe('enter a number');
    expect(numberProblem(NUMBER_RULES.batchSize, Number.NaN)).toBe('enter a number');
    expect(numberProblem(NUMBER_RULES.learningRate, 0)).toBe('must be more than 0');
    expect(numberProblem(NUMBER_RULES.learningRate, 1.5)).toBe('must be at most 1 (not 1.5)');
    expect(numberProblem(NUMBER_RULES.emaDecay, 1)).toBe('must be less than 1');
  });

  it('accepts the bounds themselves and the defaults', () => {
    expect(numberProblem(NUMBER_RULES.steps, MAX_STEPS)).toBeNull();
    expect(numberProblem(NUMBER_RULES.learningRate, 1)).toBeNull();
    expect(numberProblem(NUMBER_RULES.emaDecay, 0)).toBeNull();
    expect(checkRunSettings(defaultRunConfig)).toEqual({ errors: {}, warnings: {} });
  });

  it('warns, without refusing, when an interval is longer than the run', () => {
    const check = checkRunSettings({ steps: 20, sampleEvery: 250, checkpointEvery: 20 });
    expect(check.errors).toEqual({});
    expect(check.warnings.sampleEvery).toBe(
      'longer than the run (20 steps): samples only at the end',
    );
    expect(check.warnings.checkpointEvery).toBeUndefined();
    expect(parseRunConfig({ steps: 20, sampleEvery: 250 }).sampleEvery).toBe(250);
  });

  it('warns when warm-up takes the whole run or EMA averages over more steps than it has', () => {
    const check = checkRunSettings({ steps: 150, warmupSteps: 100, emaDecay: 0.999 });
    expect(check.warnings.warmupSteps).toBe("more than half of the run's 150 steps is warm-up");
    expect(check.warnings.emaDecay).toBe(
      'averages over about 1,000 steps, more than the run has: 0 turns EMA off',
    );
    expect(checkRunSettings({ steps: 100, warmupSteps: 100 }).warnings.warmupSteps).toMatch(
      /^the whole run is warm-up/,
    );
    expect(checkRunSettings({ steps: 5000, warmupSteps: 100, emaDecay: 0.999 }).warnings).toEqual(
      {},
    );
  });

  it('gives a field with an error no warning as well', () => {
    const check = checkRunSettings({ steps: 10, sampleEvery: 20.5 });
    expect(check.errors.sampleEvery).toBe('must be a whole number');
    expect(check.warnings.sampleEvery).toBeUndefined();
  });
});

describe('parseRunConfig refuses what the run form refuses', () => {
  it.each([
    [{ steps: 999_999_999_999 }, 'steps: must be at most 10,000,000 (not 999,999,999,999)'],
    [{ learningRate: 0 }, 'learningRate: must be more than 0'],
    [{ emaDecay: 1 }, 'emaDecay: must be less than 1'],
    [{ diffusionLearningRate: 2 }, 'diffusionLearningRate: must be at most 1 (not 2)'],
  ])('%j → %s', (input, message) => {
    const error = errorOf(() => parseRunConfig(input));
    expect(isMdmError(error)).toBe(true);
    expect((error as Error).message).toBe(message);
    expect((error as { details: unknown }).details).toMatchObject({ field: Object.keys(input)[0] });
  });

  it('still reads a stored run created before the rules tightened', () => {
    expect(readRunConfig({ steps: 999_999_999_999, learningRate: 0 }).steps).toBe(999_999_999_999);
  });
});

describe('backendProblem', () => {
  const backends: ComputeBackendStatus[] = [
    { name: 'node', available: true, detail: 'tfjs-node', enable: null },
    {
      name: 'webgpu',
      available: false,
      detail: 'no WebGPU adapter',
      enable: 'install a Vulkan driver',
    },
  ];
  it('names why a chosen backend cannot train here; auto and available ones can', () => {
    expect(backendProblem('auto', backends)).toBeNull();
    expect(backendProblem('node', backends)).toBeNull();
    expect(backendProblem('webgpu', backends)).toBe(
      'webgpu is unavailable here: no WebGPU adapter (install a Vulkan driver)',
    );
    expect(backendProblem('wasm', backends)).toBe('wasm is not a backend of this machine');
  });
});
