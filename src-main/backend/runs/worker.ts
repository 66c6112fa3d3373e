import { parentPort } from 'node:worker_threads';
import { errorPayload } from '#shared/errors';
import { runTrainingJob } from '../train/job';
import type { ManagerMessage, WorkerMessage } from './protocol';

/** A run's worker thread: trains on 'start', finishes its step and checkpoints on 'stop'. */
const port = parentPort;
if (!port) throw new Error('runs/worker.ts must run in a worker thread');

const stopping = new AbortController();
const report = (message: WorkerMessage) => {
  const transfer =
    message.type === 'sample'
      ? [message.png.buffer, message.points?.buffer].filter((b) => b instanceof ArrayBuffer)
      : [];
  port.postMessage(message, transfer);
};

port.on('message', (message: ManagerMessage) => {
  if (message.type === 'stop') {
    stopping.abort();
    return;
  }
  const { type: _type, ...job } = message;
  runTrainingJob({ ...job, signal: stopping.signal }, report)
    .catch((error: unknown) => report({ type: 'failed', error: errorPayload(error) }))
    .finally(() => port.close());
});
