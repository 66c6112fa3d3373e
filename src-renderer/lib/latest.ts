/** A loader whose calls may overlap; `cancel` drops every answer still on its way. */
export interface Latest<A extends unknown[]> {
  (...args: A): Promise<void>;
  cancel(): void;
}

/** Wraps `load` so only the most recent call's answer reaches `apply` (its error `fail`, or the returned promise without one); earlier calls that settle later are dropped. */
export function latest<A extends unknown[], T>(
  load: (...args: A) => Promise<T>,
  apply: (value: T) => void,
  fail?: (error: unknown) => void,
): Latest<A> {
  let seq = 0;
  const call = async (...args: A): Promise<void> => {
    const mine = ++seq;
    let value: T;
    try {
      value = await load(...args);
    } catch (e) {
      if (mine !== seq) return;
      if (!fail) throw e;
      fail(e);
      return;
    }
    if (mine === seq) apply(value);
  };
  return Object.assign(call, { cancel: () => void ++seq });
}
