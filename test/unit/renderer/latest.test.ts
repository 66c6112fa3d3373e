import { describe, expect, it } from 'vitest';
import { latest } from '../../../src-renderer/lib/latest';

/** A promise with its settling in the test's hands. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('latest', () => {
  it.each([
    ['drops an earlier answer that arrives after a later one', ['second', 'first']],
    // The earlier one was overtaken before it answered: only the latest is applied.
    ['applies only the later answer when the answers arrive in order', ['first', 'second']],
  ] as const)('%s', async (_, order) => {
    const answers = { first: deferred<string>(), second: deferred<string>() };
    const applied: string[] = [];
    const load = latest(
      (p: Promise<string>) => p,
      (v) => applied.push(v),
      () => applied.push('error'),
    );
    const calls = { first: load(answers.first.promise), second: load(answers.second.promise) };
    for (const which of order) {
      answers[which].resolve(which === 'first' ? 'running' : 'completed');
      await calls[which];
    }
    expect(applied).toEqual(['completed']);
  });

  it('reports only the latest call’s error, and drops an earlier call’s', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const failed: unknown[] = [];
    const load = latest(
      (p: Promise<string>) => p,
      () => undefined,
      (e) => failed.push(e),
    );
    const a = load(first.promise);
    const b = load(second.promise);
    second.reject(new Error('latest failed'));
    await b;
    first.reject(new Error('stale failure'));
    await a;
    expect(failed.map((e) => (e as Error).message)).toEqual(['latest failed']);
  });

  it('without fail, the latest call rejects and an overtaken one settles quietly', async () => {
    const first = deferred<number>();
    const second = deferred<number>();
    const load = latest(
      (p: Promise<number>) => p,
      () => undefined,
    );
    const a = load(first.promise);
    const b = load(second.promise);
    first.reject(new Error('stale'));
    await expect(a).resolves.toBeUndefined();
    second.reject(new Error('fresh'));
    await expect(b).rejects.toThrow('fresh');
  });

  it('cancel drops the answer on its way, not later calls', async () => {
    const pending = deferred<number>();
    const applied: number[] = [];
    const load = latest(
      () => pending.promise,
      (v) => applied.push(v),
    );
    const a = load();
    load.cancel();
    pending.resolve(1);
    await a;
    expect(applied).toEqual([]);
    // A call after the cancel is applied as usual.
    await load();
    expect(applied).toEqual([1]);
  });
});
