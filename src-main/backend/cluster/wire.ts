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

/** A worker message as JSON: a sample's PNG travels as base64. */
export type WireMessage =
  | Exclude<WorkerMessage, { type: 'sample' }>
  | (Omit<Extract<WorkerMessage, { type: 'sample' }>, 'png'> & { pngBase64: string });

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
  const { png, ...rest } = message;
  return { ...rest, pngBase64: Buffer.from(png).toString('base64') };
}

export function fromWire(message: WireMessage): WorkerMessage {
  if (message.type !== 'sample') return message;
  const { pngBase64, ...rest } = message;
  return { ...rest, png: new Uint8Array(Buffer.from(pngBase64, 'base64')) };
}
