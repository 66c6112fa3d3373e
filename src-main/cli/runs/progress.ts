/** One line of training progress: bar, step, loss, throughput and ETA. */
export function progressLine(
  step: number,
  total: number,
  loss: number | null,
  imagesPerSec: number | null,
  elapsedMs: number,
  startStep: number,
): string {
  const fraction = total > 0 ? Math.min(1, step / total) : 0;
  const width = 24;
  const filled = Math.round(fraction * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  const done = step - startStep;
  const etaMs = done > 0 ? (elapsedMs / done) * (total - step) : null;
  const parts = [
    `[${bar}] ${step}/${total} ${(fraction * 100).toFixed(0).padStart(3)}%`,
    `loss ${loss === null ? '—' : loss.toPrecision(4)}`,
    imagesPerSec === null ? null : `${imagesPerSec.toFixed(1)} img/s`,
    `ETA ${etaMs === null ? '—' : formatDuration(etaMs)}`,
  ];
  return parts.filter((p) => p !== null).join(' | ');
}

/** h:mm:ss or m:ss. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
