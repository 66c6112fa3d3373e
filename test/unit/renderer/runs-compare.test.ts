import { describe, expect, it } from 'vitest';
import {
  defaultStepIndex,
  nearestSample,
  ownKind,
  sharedViews,
  unionSteps,
} from '../../../src-renderer/lib/runs/compare';
import { viewBox } from '../../../src-renderer/lib/runs/points';
import {
  chartPanels,
  datasetWarning,
  groupByDataset,
} from '../../../src-renderer/lib/runs/datasets';
import { columnSummary, finalTest, npdTwin } from '../../../src-renderer/lib/runs/final-metric';
import { summary } from './support';

describe('compare samples: each run at its own nearest step', () => {
  const mnist = [{ step: 0 }, { step: 1000 }, { step: 2000 }];
  const moons = [{ step: 250 }, { step: 500 }, { step: 750 }];

  it('picks the sample nearest the slider step, the earlier one on a tie', () => {
    expect(nearestSample(mnist, 400)?.step).toBe(0);
    expect(nearestSample(mnist, 600)?.step).toBe(1000);
    expect(nearestSample(mnist, 500)?.step).toBe(0);
    expect(nearestSample(moons, 0)?.step).toBe(250);
    expect(nearestSample(moons, 2000)?.step).toBe(750);
    expect(nearestSample([], 5)).toBeUndefined();
  });

  it('never leaves a run with samples empty at any slider step', () => {
    for (const step of unionSteps([mnist, moons])) {
      expect(nearestSample(mnist, step)).toBeDefined();
      expect(nearestSample(moons, step)).toBeDefined();
    }
  });

  it('keeps each run its own kind: grids for images, scatters for 2-D toys', () => {
    const image = [
      { step: 0, kind: 'grid' },
      { step: 0, kind: 'single' },
    ];
    const toy = [
      { step: 0, kind: 'scatter' },
      { step: 5, kind: 'scatter' },
    ];
    expect(ownKind(image)).toEqual([{ step: 0, kind: 'grid' }]);
    expect(ownKind(toy)).toEqual(toy);
    expect(ownKind([])).toEqual([]);
  });

  it('slides over the union of steps and starts at the last step all runs reached', () => {
    const a = [{ step: 0 }, { step: 250 }, { step: 500 }];
    const b = [{ step: 250 }, { step: 750 }];
    const steps = unionSteps([a, b]);
    expect(steps).toEqual([0, 250, 500, 750]);
    expect(defaultStepIndex(steps, [a, b])).toBe(2);
    expect(defaultStepIndex([], [])).toBe(0);
  });
});

describe('compare 2-D samples: one view per dataset', () => {
  const narrow = { dataset: 'two-moons', points: [0, 0, 1, 1] };
  const wide = { dataset: 'two-moons', points: [-3, -3, 4, 4] };
  const roll = { dataset: 'swiss-roll', points: [10, 10, 12, 12] };

  it('frames same-dataset runs around all their samples together while the data set is unknown', () => {
    const views = sharedViews([narrow, wide, roll], {});
    expect(views.get('two-moons')).toEqual(viewBox([0, 0, 1, 1, -3, -3, 4, 4]));
    expect(views.get('two-moons')).not.toEqual(viewBox(narrow.points));
    expect(views.get('swiss-roll')).toEqual(viewBox(roll.points));
  });

  it('frames them around the training points once they arrive; an empty backdrop falls back', () => {
    const data = [-1, -1, 2, 0.5];
    const views = sharedViews([narrow, wide, roll], { 'two-moons': data, 'swiss-roll': [] });
    expect(views.get('two-moons')).toEqual(viewBox(data));
    expect(views.get('swiss-roll')).toEqual(viewBox(roll.points));
    expect(sharedViews([], { 'two-moons': data }).size).toBe(0);
  });
});

describe('compare across datasets', () => {
  const runs = [
    { id: 1, dataset: 'mnist' },
    { id: 2, dataset: 'two-moons' },
    { id: 3, dataset: 'mnist' },
  ];

  it('groups runs by dataset in order of first appearance', () => {
    expect(groupByDataset(runs)).toEqual([
      { dataset: 'mnist', runs: [runs[0], runs[2]] },
      { dataset: 'two-moons', runs: [runs[1]] },
    ]);
  });

  it('splits every chart per dataset when datasets differ, never mixing them on one axis', () => {
    const keys: Record<number, string[]> = { 1: ['elbo', 'bpd'], 2: ['elbo', 'npd'], 3: ['elbo'] };
    const panels = chartPanels(['elbo', 'bpd', 'npd'], runs, (r, k) => keys[r.id]!.includes(k));
    expect(panels.map((p) => [p.key, p.dataset, p.runs.map((r) => r.id)])).toEqual([
      ['elbo', 'mnist', [1, 3]],
      ['elbo', 'two-moons', [2]],
      ['bpd', 'mnist', [1]],
      ['npd', 'two-moons', [2]],
    ]);
    for (const p of panels) expect(new Set(p.runs.map((r) => r.dataset)).size).toBe(1);
  });

  it('keeps one chart per key without a dataset label when all runs share a dataset', () => {
    const same = [runs[0]!, runs[2]!];
    expect(chartPanels(['elbo'], same, () => true)).toEqual([
      { key: 'elbo', dataset: null, runs: same },
    ]);
  });

  it('warns, naming each dataset, only when datasets differ', () => {
    const warning = datasetWarning(groupByDataset(runs));
    expect(warning).toContain('mnist (2 runs)');
    expect(warning).toContain('two-moons (1 run)');
    expect(datasetWarning(groupByDataset([runs[0]!]))).toBeNull();
  });
});

describe('final test metric', () => {
  it('is test BPD for image runs and test NPD for 2-D toy runs, with the standard error', () => {
    expect(
      finalTest({ 'test/bpd': summary('test/bpd', 1.5), 'test/bpd_stderr': summary('s', 0.01) }),
    ).toEqual({ key: 'test/bpd', unit: 'bpd', value: 1.5, stderr: 0.01 });
    expect(finalTest({ 'test/npd': summary('test/npd', 2.1) })).toEqual({
      key: 'test/npd',
      unit: 'npd',
      value: 2.1,
      stderr: null,
    });
    expect(finalTest({ loss: summary('loss', 3) })).toBeNull();
  });

  it('maps the bpd columns to their npd twins', () => {
    expect(npdTwin('test/bpd')).toBe('test/npd');
    expect(npdTwin('bpd')).toBe('npd');
    expect(npdTwin('loss')).toBeNull();
  });
});

describe('runs table metric columns', () => {
  it('shows a toy run its test NPD in the test BPD column, and its own value otherwise', () => {
    const toy = { 'test/npd': summary('test/npd', 2.2), loss: summary('loss', 4) };
    expect(columnSummary(toy, 'test/bpd')).toEqual({ key: 'test/npd', summary: toy['test/npd'] });
    expect(columnSummary(toy, 'loss')).toEqual({ key: 'loss', summary: toy.loss });
    expect(columnSummary(toy, 'bpd')).toBeNull();
    const image = { 'test/bpd': summary('test/bpd', 1.3) };
    expect(columnSummary(image, 'test/bpd')?.key).toBe('test/bpd');
  });
});
