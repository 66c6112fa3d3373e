/** What `mdm worker` and its owner say to each other over HTTP (routes in http/worker-routes.ts). */
import type { RunConfig } from '#shared/config/run-config';
import type { DiffusionSpec } from '#shared/mdm/spec';
import type { WorkerMessage } from '../runs/protocol';

/** Path prefix of the worker routes; each takes `Authorization: Bearer <the job's token>`. */
export const WORKER_PATH = '/worker/runs/';

/** POST …/ID/hello: the worker says who it is; the owner answers with the job. */
export interface WorkerHello {
  pid: number;
  host: string;
  slurmJobId: string | null;
}

export interface WorkerJob {
  runId: number;
  attempt: number;
  config: RunConfig;
  diffusion: DiffusionSpec;
  /** Files of the checkpoint to resume from (GET …/ID/resume/FILE), or null for a fresh start. */
  resumeFiles: string[] | null;
}

/** A worker message as JSON: a sample's PNG and points (float32 bytes) travel as base64. */
export type WireMessage =
  | Exclude<WorkerMessage, { type: 'sample' }>
  | (Omit<Extract<WorkerMessage, { type: 'sample' }>, 'png' | 'points'> & {
      pngBase64: string;
      pointsBase64?: string;
    });

/** POST …/ID/messages: a numbered batch (a retried batch is applied once), and the job output's tail. */
export interface MessageBatch {
  seq: number;
  messages: WireMessage[];
  outputTail?: string;
}

/** The owner's answer to a batch: whether the worker should stop (checkpoint, then report stopped). */
export interface BatchReply {
  stop: boolean;
}

/** A checkpoint file name as it travels in URLs (PUT …/ID/checkpoints/STEP/FILE). */
export const CHECKPOINT_FILE = /^[\w][\w.-]{0,99}$/;

export function toWire(message: WorkerMessage): WireMessage {
  if (message.type !== 'sample') return message;
  const { png, points, ...rest } = message;
  const pngBase64 = Buffer.from(png).toString('base64');
  if (!points) return { ...rest, pngBase64 };
  const bytes = Buffer.from(points.buffer, points.byteOffset, points.byteLength);
  return { ...rest, pngBase64, pointsBase64: bytes.toString('base64') };
}

export function fromWire(message: WireMessage): WorkerMessage {
  if (message.type !== 'sample') return message;
  const { pngBase64, pointsBase64, ...rest } = message;
  const png = new Uint8Array(Buffer.from(pngBase64, 'base64'));
  if (pointsBase64 === undefined) return { ...rest, png };
  const bytes = Buffer.from(pointsBase64, 'base64');
  // A copy into its own aligned buffer: Buffer.from may share an unaligned pool slab.
  const points = new Float32Array(new Uint8Array(bytes).buffer);
  return { ...rest, png, points };
}
