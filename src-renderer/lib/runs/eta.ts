/** Progress and remaining-time estimates for runs, from live progress samples or the run's own times. */

/** One observation of a run's progress: wall-clock ms and the step reached. */
export interface ProgressSample {
  time: number;
  step: number;
}

/** How many recent samples the live rate looks back over. */
export const RATE_WINDOW = 20;

/** Keeps the last RATE_WINDOW samples, dropping any that go backwards (a resume rewinds the step). */
export function pushSample(
  samples: readonly ProgressSample[],
  next: ProgressSample,
): ProgressSample[] {
  const last = samples.at(-1);
  const kept = last && (next.step < last.step || next.time < last.time) ? [] : samples.slice();
  if (last && next.step === last.step && kept.length > 0) return kept;
  kept.push(next);
  return kept.slice(-RATE_WINDOW);
}

/** Steps per second over the samples, or null with fewer than two distinct samples. */
export function stepRate(samples: readonly ProgressSample[]): number | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.time <= first.time || last.step <= first.step) return null;
  return ((last.step - first.step) * 1000) / (last.time - first.time);
}

export interface EtaInput {
  status: string;
  step: number;
  total: number;
  /** When the run first started (ms), for the fallback average rate. */
  startedAt: number | null;
  now: number;
  /** Live samples from run-progressed events; preferred over the average since startedAt. */
  samples?: readonly ProgressSample[];
}

/** Milliseconds until the run reaches its total, or null when it is not running or the rate is unknown. */
export function etaMs(input: EtaInput): number | null {
  const { status, step, total, startedAt, now } = input;
  if (status !== 'running' || total <= 0 || step >= total) return null;
  let rate = stepRate(input.samples ?? []);
  if (rate === null && startedAt !== null && now > startedAt && step > 0) {
    rate = (step * 1000) / (now - startedAt);
  }
  if (rate === null || !(rate > 0)) return null;
  return ((total - step) / rate) * 1000;
}

/** Fraction done in [0, 1]; 0 when the total is unknown. */
export function progressFraction(step: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(1, Math.max(0, step / total));
}

/** A remaining time as "12 s", "4 min", "1 h 05 min", "2 d 3 h". */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
