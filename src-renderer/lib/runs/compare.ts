/** Pure helpers of the compare page: a shared step axis for samples across runs. */

/** The sample of each run to show at `step`: its latest one at or before the step, else its first. */
export function sampleAtStep<S extends { step: number }>(
  samples: readonly S[],
  step: number,
): S | undefined {
  let best: S | undefined;
  for (const s of samples) {
    if (s.step <= step && (!best || s.step > best.step)) best = s;
  }
  return (
    best ?? samples.reduce<S | undefined>((a, s) => (!a || s.step < a.step ? s : a), undefined)
  );
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
