import { describe, expect, it } from 'vitest';
import { metricTitle } from '../../../src-renderer/lib/runs/metrics';
import {
  loadPanelPrefs,
  panelGroup,
  panelLayout,
  savePanelPrefs,
  toggled,
} from '../../../src-renderer/lib/runs/panels';

const ys = (...v: number[]) => ({ y: v });

describe('metric names', () => {
  it('are friendly for every key the trainer logs; points count points/s', () => {
    expect(metricTitle('npd_aux')).toBe('ELBO term: auxiliary entropy (nats/dim)');
    expect(metricTitle('grad_norm_diffusion')).toBe('Gradient norm of the diffusion (Q, D)');
    expect(metricTitle('test/bpd_prior')).toBe('Test ELBO term: prior (bpd)');
    expect(metricTitle('test/npd')).toBe('Test NLL (nats/dim)');
    expect(metricTitle('test/images')).toBe('Test examples evaluated');
    expect(metricTitle('images_per_sec', 'points')).toBe('Throughput (points/s)');
    expect(metricTitle('images_per_sec', 'image')).toBe('Throughput (images/s)');
    expect(metricTitle('system/rss_mb')).toBe('Process memory (RSS, MB)');
    expect(metricTitle('my_custom_stat')).toBe('my custom stat');
  });
});

describe('panel layout', () => {
  const series = {
    loss: ys(3, 2, 1),
    npd_aux: ys(1, 1),
    grad_norm: ys(1, 2),
    lr: ys(1e-3, 1e-3),
    images_per_sec: ys(100, 110),
    'system/rss_mb': ys(200, 210),
    'test/npd': ys(1.2),
    'test/npd_stderr': ys(0.01),
    'test/images': ys(1000),
  };

  it('groups charts, shows one-off values as numbers with their stderr', () => {
    const layout = panelLayout(series, { pinned: [], hidden: [] }, false);
    expect(layout.groups.map((g) => [g.id, g.keys])).toEqual([
      ['loss', ['loss', 'npd_aux']],
      ['optimisation', ['grad_norm', 'lr']],
      ['throughput', ['images_per_sec']],
      ['system', ['system/rss_mb']],
    ]);
    expect(layout.values).toEqual([
      { key: 'test/npd', value: 1.2, stderr: 0.01 },
      { key: 'test/images', value: 1000, stderr: null },
    ]);
    expect(panelGroup('test/bpd')).toBe('evaluation');
    expect(panelGroup('zeta')).toBe('other');
  });

  it('puts pinned panels first, leaves hidden ones out, and a live run keeps its first points as charts', () => {
    const layout = panelLayout(series, { pinned: ['lr', 'gone'], hidden: ['loss'] }, false);
    expect(layout.pinned).toEqual(['lr']);
    expect(layout.groups[0]!.keys).toEqual(['npd_aux']);
    expect(layout.groups[1]!.keys).toEqual(['grad_norm']);
    expect(layout.all[0]!.keys).toEqual(['loss', 'npd_aux']);
    const live = panelLayout({ loss: ys(3), 'test/npd': ys(1) }, { pinned: [], hidden: [] }, true);
    expect(live.groups[0]!.keys).toEqual(['loss']);
    expect(live.values.map((v) => v.key)).toEqual(['test/npd']);
  });

  it('saves and loads preferences, ignoring anything malformed', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(loadPanelPrefs(storage)).toEqual({ pinned: [], hidden: [] });
    savePanelPrefs(storage, { pinned: toggled([], 'loss'), hidden: toggled(['lr'], 'lr') });
    expect(loadPanelPrefs(storage)).toEqual({ pinned: ['loss'], hidden: [] });
    store.set('mdm-chart-panels', '{"pinned": [1, "x"], "hidden": "no"}');
    expect(loadPanelPrefs(storage)).toEqual({ pinned: ['x'], hidden: [] });
    store.set('mdm-chart-panels', 'not json');
    expect(loadPanelPrefs(storage)).toEqual({ pinned: [], hidden: [] });
  });
});
