/** Pure helpers of the compare page: a shared step axis for samples, each run showing its own nearest sample. */
import { viewBox, type ViewBox } from './points';

/** The sample nearest to `step` (ties go to the earlier one); undefined for a run without samples. */
export function nearestSample<S extends { step: number }>(
  samples: readonly S[],
  step: number,
): S | undefined {
  let best: S | undefined;
  for (const s of samples) {
    const d = Math.abs(s.step - step);
    const bestD = best ? Math.abs(best.step - step) : Infinity;
    if (d < bestD || (d === bestD && best && s.step < best.step)) best = s;
  }
  return best;
}

/** A run's samples of one kind: image grids when it has them, else its first kind (2-D scatters). */
export function ownKind<S extends { kind: string }>(samples: readonly S[]): S[] {
  const kind = samples.some((s) => s.kind === 'grid') ? 'grid' : samples[0]?.kind;
  return samples.filter((s) => s.kind === kind);
}

/** Every step at which any run has a sample, ascending. */
export function unionSteps(lists: readonly (readonly { step: number }[])[]): number[] {
  return [...new Set(lists.flatMap((l) => l.map((s) => s.step)))].sort((a, b) => a - b);
}

/** The default slider position: the last step every run has reached, else the overall last. */
export function defaultStepIndex(
  steps: readonly number[],
  lists: readonly (readonly { step: number }[])[],
): number {
  if (steps.length === 0) return 0;
  const lastOfEach = lists
    .filter((l) => l.length > 0)
    .map((l) => Math.max(...l.map((s) => s.step)));
  const common = lastOfEach.length > 0 ? Math.min(...lastOfEach) : steps.at(-1)!;
  const i = steps.lastIndexOf(common);
  return i >= 0 ? i : steps.length - 1;
}

/**
 * One view per dataset for its runs' 2-D samples, so panels on the same data share their axes:
 * around the dataset's training points when they have arrived, else around all its runs' samples.
 */
export function sharedViews(
  panels: readonly { dataset: string; points: readonly number[] }[],
  backdrops: Readonly<Record<string, readonly number[]>>,
): Map<string, ViewBox> {
  const views = new Map<string, ViewBox>();
  for (const dataset of new Set(panels.map((p) => p.dataset))) {
    const data = backdrops[dataset] ?? [];
    const samples = panels.filter((p) => p.dataset === dataset).flatMap((p) => p.points);
    views.set(dataset, viewBox(data.length > 0 ? data : samples));
  }
  return views;
}
