/** Axis ticks: nice steps, labels whose decimals follow the step, durations and clock times in proper units. */

/** A tick at `value` (in the axis' own units) and its text. */
export interface Tick {
  value: number;
  text: string;
}

/** The smallest nice step (1, 2 or 5 × 10^k) that splits `span` into at most `count` parts; 0 for an empty span. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 0;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  const eps = 1e-9;
  return (m <= 1 + eps ? 1 : m <= 2 + eps ? 2 : m <= 5 + eps ? 5 : 10) * power;
}

/** Decimals that tell ticks `step` apart: 0.25 → 2, 0.001 → 3, 50 → 0. */
export function decimalsFor(step: number): number {
  if (!(step > 0)) return 0;
  for (let d = 0; d < 15; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 15;
}

/** `v` as a tick label on an axis of ticks `step` apart reaching `magnitude`; exponent form (one digit count for the axis) for huge or tiny magnitudes. */
export function formatTick(v: number, step: number, magnitude = Math.abs(v)): string {
  if (!Number.isFinite(v)) return '';
  if (Math.abs(v) < step * 1e-9 || v === 0) return '0';
  const a = Math.max(Math.abs(v), step);
  if (a >= 1e9 || (step > 0 && step < 1e-5)) {
    const digits = Math.max(0, Math.floor(Math.log10(magnitude)) - Math.floor(Math.log10(step)));
    return v.toExponential(Math.min(digits, 12));
  }
  const d = decimalsFor(step);
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** The multiples of a nice step within [lo, hi] (about `count` of them), labelled by formatTick. */
export function linearTicks(lo: number, hi: number, count: number, minStep = 0): Tick[] {
  const step = Math.max(niceStep(hi - lo, count), minStep);
  if (!(step > 0)) return Number.isFinite(lo) ? [{ value: lo, text: formatTick(lo, 1) }] : [];
  const out: Tick[] = [];
  const magnitude = Math.max(Math.abs(lo), Math.abs(hi));
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = first; i * step <= hi + step * 1e-9 && out.length < 1000; i++) {
    const value = i * step;
    out.push({
      value: Math.abs(value) < step * 1e-9 ? 0 : value,
      text: formatTick(value, step, magnitude),
    });
  }
  return out;
}

/** Steps in seconds a time axis may use: sub-second, seconds, minutes, hours, days. */
const DURATION_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];

/** A step in seconds splitting `span` into about `count` parts: nice decimals below a second, clock units above. */
export function durationStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0)) return 0;
  if (raw < 1) return niceStep(span, count);
  const unit = DURATION_STEPS.find((s) => s >= raw);
  return unit ?? 86400 * niceStep(raw / 86400, 1);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Elapsed seconds as a tick on an axis `step` seconds apart: "0.5 s", "45 s", "1m 30s", "12 min", "1h 05m", "3 h", "2 d". */
export function formatElapsed(seconds: number, step: number): string {
  const sign = seconds < 0 ? '−' : '';
  const s = Math.abs(seconds);
  if (step < 1) return `${sign}${s.toFixed(decimalsFor(step))} s`;
  const whole = Math.round(s);
  if (whole < 60) return `${sign}${whole} s`;
  const [d, h, m, sec] = [
    Math.floor(whole / 86400),
    Math.floor((whole % 86400) / 3600),
    Math.floor((whole % 3600) / 60),
    whole % 60,
  ];
  if (whole < 3600) return step < 60 ? `${sign}${m}m ${pad(sec)}s` : `${sign}${m} min`;
  if (whole < 86400) return step < 3600 ? `${sign}${h}h ${pad(m)}m` : `${sign}${h} h`;
  return step < 86400 ? `${sign}${d}d ${pad(h)}h` : `${sign}${d} d`;
}

/** Ticks for elapsed seconds in [lo, hi]. */
export function elapsedTicks(lo: number, hi: number, count: number): Tick[] {
  const step = durationStep(hi - lo, count);
  if (!(step > 0)) return [{ value: lo, text: formatElapsed(lo, 1) }];
  const out: Tick[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++)
    out.push({ value: i * step, text: formatElapsed(i * step, step) });
  return out;
}

/** Ticks for clock time (seconds since 1970) in [lo, hi], on local-time multiples of the step: "14:05", "14:05:30", "3 Dec 14:00". */
export function clockTicks(lo: number, hi: number, count: number): Tick[] {
  const step = Math.max(durationStep(hi - lo, count), 1);
  const offset = -new Date(lo * 1000).getTimezoneOffset() * 60;
  const out: Tick[] = [];
  const multiDay = hi - lo > 86400;
  for (let i = Math.ceil((lo + offset) / step - 1e-9); i * step - offset <= hi + 1e-6; i++) {
    const value = i * step - offset;
    const t = new Date(value * 1000);
    const hm = `${pad(t.getHours())}:${pad(t.getMinutes())}`;
    const time = step < 60 ? `${hm}:${pad(t.getSeconds())}` : hm;
    const day = t.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
    out.push({ value, text: multiDay ? `${day} ${time}` : time });
  }
  return out;
}

/** Ticks (value, text) in a readable sequence: keeps every n-th so that at most `count` remain. */
export function thin(ticks: Tick[], count: number): Tick[] {
  if (ticks.length <= count) return ticks;
  const every = Math.ceil(ticks.length / count);
  return ticks.filter((_, i) => i % every === 0);
}
