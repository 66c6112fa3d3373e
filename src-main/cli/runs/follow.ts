import type { Run } from '#shared/api/runs';
import type { BackendService } from '../../backend/service';
import type { CliIO } from '../command';
import { byTenths } from '../../backend/progress';
import { progressLine } from './progress';

const ended = new Set(['completed', 'stopped', 'failed', 'interrupted']);

/**
 * Shows a run's progress until it ends (a live bar on a terminal, a line every 10% otherwise);
 * Ctrl-C asks the run to stop, which checkpoints so `mdm runs resume` can continue it.
 */
export function followRun(
  service: BackendService,
  runId: number,
  total: number,
  io: CliIO,
  live = process.stderr.isTTY,
): Promise<Run['status']> {
  const started = Date.now();
  let startStep: number | null = null;
  let loss: number | null = null;
  let imagesPerSec: number | null = null;
  const line = (step: number) =>
    progressLine(step, total, loss, imagesPerSec, Date.now() - started, startStep ?? step);
  const logAtTenths = byTenths((step) => io.err(line(step)), { atStart: true });
  const render = (step: number) => {
    startStep ??= step;
    if (live) process.stderr.write(`\r${line(step)}`);
    else logAtTenths(step, total);
  };
  return new Promise((resolve) => {
    const onInterrupt = () => {
      io.err('\nstopping: finishing the current step and saving a checkpoint…');
      service.manager?.stop(runId);
    };
    process.on('SIGINT', onInterrupt);
    const unsubscribe = service.events.subscribe((name, payload) => {
      if (!('runId' in payload) || payload.runId !== runId) return;
      if (name === 'metrics-appended') {
        let step = -1;
        for (const point of payload.points) {
          if (point.key === 'loss') loss = point.value;
          if (point.key === 'images_per_sec') imagesPerSec = point.value;
          step = Math.max(step, point.step);
        }
        if (step >= 0) render(step);
      } else if (name === 'run-status-changed' && ended.has(payload.status)) {
        if (live) process.stderr.write('\n');
        unsubscribe();
        process.off('SIGINT', onInterrupt);
        resolve(payload.status);
      }
    });
  });
}
