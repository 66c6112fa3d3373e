/** Runs grouped by dataset, so the compare page never draws metrics of different datasets on one axis. */

export interface DatasetGroup<R> {
  dataset: string;
  runs: R[];
}

/** The runs by dataset, groups in the order their first run appears. */
export function groupByDataset<R extends { dataset: string }>(
  runs: readonly R[],
): DatasetGroup<R>[] {
  const groups = new Map<string, R[]>();
  for (const run of runs) {
    const group = groups.get(run.dataset);
    if (group) group.push(run);
    else groups.set(run.dataset, [run]);
  }
  return [...groups].map(([dataset, members]) => ({ dataset, runs: members }));
}

/** One metric chart: its key, the dataset it is limited to (null when all runs share one) and its runs. */
export interface ChartPanel<R> {
  key: string;
  dataset: string | null;
  runs: R[];
}

/**
 * A chart per metric key, split per dataset when the runs' datasets differ (each dataset its own
 * y-axis: an MNIST ELBO of −14000 nats never shares an axis with a two-moons ELBO of −4).
 */
export function chartPanels<R extends { dataset: string }>(
  keys: readonly string[],
  runs: readonly R[],
  has: (run: R, key: string) => boolean,
): ChartPanel<R>[] {
  const groups = groupByDataset(runs);
  const split = groups.length > 1;
  return keys.flatMap((key) =>
    groups
      .map((g) => ({
        key,
        dataset: split ? g.dataset : null,
        runs: g.runs.filter((r) => has(r, key)),
      }))
      .filter((p) => p.runs.length > 0),
  );
}

/** The warning the compare page shows when the runs' datasets differ; null when they share one. */
export function datasetWarning<R extends { dataset: string }>(
  groups: readonly DatasetGroup<R>[],
): string | null {
  if (groups.length < 2) return null;
  const list = groups
    .map((g) => `${g.dataset} (${g.runs.length} run${g.runs.length > 1 ? 's' : ''})`)
    .join(', ');
  return (
    `These runs use different datasets: ${list}. Their ELBO and loss scale with the data's dimension ` +
    `and units differ (images in bits/dim, 2-D toys in nats/dim), so each dataset gets its own charts ` +
    `and y-axes; compare numbers only within a dataset.`
  );
}
