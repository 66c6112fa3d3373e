import { describe, expect, it } from 'vitest';
import type { ComputeBackendStatus } from '#shared/api/system';
import { defaultRunConfig, type RunConfig } from '#shared/config/run-config';
import { buildSpec, draftOfChoice } from '../../../src-renderer/lib/designer/draft';
import {
  copyName,
  formNumbersOf,
  nextSeed,
  startingConfig,
} from '../../../src-renderer/lib/newrun/form';
import { queuedAhead, queueNotice } from '../../../src-renderer/lib/runs/queue';
import { resumeProblem } from '../../../src-renderer/lib/runs/resume';

const source: RunConfig = {
  ...defaultRunConfig,
  name: 'moons',
  dataset: 'two-moons',
  model: 'mlp',
  steps: 300,
  seed: 7,
  diffusion: { preset: 'malda', k: 4, beta1: 12 },
};

describe('Duplicate and edit', () => {
  it("starts from the source run's settings with the next seed and a copy's name", () => {
    const start = startingConfig(source);
    expect(start).toMatchObject({ dataset: 'two-moons', model: 'mlp', steps: 300, seed: 8 });
    expect(start.name).toBe('moons (copy)');
    expect(formNumbersOf(start).seed).toBe(8);
    expect(startingConfig(null)).toBe(defaultRunConfig);
    expect(nextSeed(2 ** 32 - 1)).toBe(0);
    expect(copyName('x'.repeat(200))).toHaveLength(200);
  });

  it("gives the designer the source run's diffusion", () => {
    const draft = draftOfChoice(source.diffusion);
    expect(draft).toMatchObject({ mode: 'malda', k: 4, beta1: '12' });
    expect(buildSpec(draft).spec).toMatchObject({ name: 'malda-4', k: 4 });
    const custom = draftOfChoice({
      preset: 'custom',
      q: [
        [0, -1],
        [1, 0],
      ],
      d: [
        [0, 0],
        [0, 1],
      ],
    });
    expect(custom).toMatchObject({
      mode: 'custom',
      k: 2,
      q: [
        ['0', '-1'],
        ['1', '0'],
      ],
    });
    expect(draftOfChoice(null)).toMatchObject({ mode: 'cld', k: 2 });
  });
});

describe('Resume only where it can succeed', () => {
  const backends: ComputeBackendStatus[] = [
    { name: 'webgpu', available: false, detail: 'no WebGPU adapter', enable: null },
    { name: 'wasm', available: true, detail: 'WebAssembly', enable: null },
  ];
  it('says why: an unavailable backend, or no checkpoint', () => {
    const onWebgpu = { config: { ...source, backend: 'webgpu' as const } };
    expect(resumeProblem(onWebgpu, backends, 3)).toBe(
      'Cannot resume: webgpu is unavailable here: no WebGPU adapter. Duplicate it onto another backend instead',
    );
    expect(resumeProblem({ config: source }, backends, 0)).toMatch(/saved no checkpoint/);
    expect(resumeProblem({ config: source }, backends, null)).toBeNull();
    expect(resumeProblem({ config: { ...source, backend: 'wasm' } }, backends, 1)).toBeNull();
  });
});

describe('the queue notice', () => {
  it('names the run a queued run waits for', () => {
    expect(queueNotice([12], 0)).toBe('Waiting for run 12 to finish: one run trains at a time');
    expect(queueNotice([12], 2)).toBe(
      'Waiting for run 12 to finish: one run trains at a time; 2 queued runs start before this one',
    );
    expect(queueNotice([3, 4], 1)).toBe(
      'Waiting for runs 3, 4 to finish: 2 runs train at a time; 1 queued run starts before this one',
    );
    expect(queueNotice([], 0)).toBe('Starting: next in the queue');
  });

  it('counts the queued runs the manager starts first (oldest first)', () => {
    const me = { id: 5, createdAt: 100 };
    const queued = [
      me,
      { id: 3, createdAt: 90 },
      { id: 4, createdAt: 100 },
      { id: 6, createdAt: 100 },
    ];
    expect(queuedAhead(me, queued)).toBe(2);
  });
});
