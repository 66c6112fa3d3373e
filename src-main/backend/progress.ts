/**
 * Wraps `report` so that it runs only when the completed tenth of `total` changes: progress lines
 * without a flood. At done = 0 it reports only with `atStart`; a total of 0 counts as done.
 */
export function byTenths(
  report: (done: number, total: number) => void,
  options: { atStart?: boolean } = {},
): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
    if ((done === 0 && !options.atStart) || tenth === lastTenth) return;
    lastTenth = tenth;
    report(done, total);
  };
}
