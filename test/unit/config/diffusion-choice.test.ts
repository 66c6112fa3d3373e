import { describe, expect, it } from 'vitest';
import {
  choiceOfSpec,
  diffusionChoiceFromName,
  specOfChoice,
} from '#shared/config/diffusion-choice';
import { parseRunConfig } from '#shared/config/run-config';

describe('diffusionChoiceFromName', () => {
  it.each([
    ['vpsde', { preset: 'vpsde' }],
    ['malda', { preset: 'malda', k: 3 }],
    ['malda-5', { preset: 'malda', k: 5 }],
    ['learned-3', { preset: 'learned', k: 3, fullD: false }],
    ['learned-2-full', { preset: 'learned', k: 2, fullD: true }],
  ])('reads %s', (name, choice) => {
    expect(diffusionChoiceFromName(name)).toEqual(choice);
  });

  it.each(['vpsde-2', 'cld-full', 'malda-3-full', 'ddpm', ''])(
    'rejects %j naming the choices',
    (name) => {
      expect(() => diffusionChoiceFromName(name)).toThrow(
        /unknown diffusion .* \(choose vpsde, cld/,
      );
    },
  );
});

describe('specOfChoice', () => {
  it('builds presets with their K and schedule', () => {
    const spec = specOfChoice({ preset: 'malda', k: 4, beta1: 5 }, 0);
    expect(spec.k).toBe(4);
    expect(spec.schedule).toEqual({ beta0: 0.1, beta1: 5 });
  });

  it('draws learned diffusions from the run seed, reproducibly', () => {
    const a = specOfChoice({ preset: 'learned', k: 3 }, 7);
    expect(specOfChoice({ preset: 'learned', k: 3 }, 7)).toEqual(a);
    expect(specOfChoice({ preset: 'learned', k: 3 }, 8).q).not.toEqual(a.q);
  });

  it('rejects an indefinite custom D with the validator message', () => {
    const choice = {
      preset: 'custom' as const,
      q: [
        [0, -1],
        [1, 0],
      ],
      d: [
        [1, 0],
        [0, -1],
      ],
    };
    expect(() => specOfChoice(choice, 0)).toThrow(/^diffusion: .*D/);
  });

  it('asks for both matrices of a custom diffusion', () => {
    expect(() => specOfChoice({ preset: 'custom', q: [[0]] }, 0)).toThrow('needs both Q and D');
  });
});

describe('parseRunConfig', () => {
  it('fills defaults and names a bad field', () => {
    expect(parseRunConfig({ steps: 5 }).steps).toBe(5);
    expect(parseRunConfig({}).learningRate).toBe(2e-4);
    expect(() => parseRunConfig({ batchSize: 0 })).toThrow('batchSize: expected a number ≥ 1');
    expect(() => parseRunConfig({ model: 'huge' })).toThrow("model: expected one of 'tiny'");
    expect(() => parseRunConfig({ stepz: 1 })).toThrow('stepz: is not a known field');
  });
});

describe('choiceOfSpec', () => {
  it.each([
    { preset: 'vpsde' as const },
    { preset: 'malda' as const, k: 4, beta1: 8 },
    { preset: 'learned' as const, k: 3, fullD: true },
    {
      preset: 'custom' as const,
      q: [
        [0, -2],
        [2, 0],
      ],
      d: [
        [0.5, 0],
        [0, 1],
      ],
      sigmaV2: 0.05,
    },
  ])('round-trips %j through specOfChoice', (choice) => {
    const spec = specOfChoice(choice, 3);
    expect(specOfChoice(choiceOfSpec(spec), 3)).toEqual(spec);
  });
});
