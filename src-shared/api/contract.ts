import * as s from './schema';
import type { Infer, Schema } from './schema';
import type { SystemInfo } from './system';

/** A handler's request schema (validated at the boundary) and its response type (phantom). */
interface HandlerSpec<Req, Res> {
  request: Schema<Req>;
  response?: Res;
}

function handler<Res>() {
  return <Req>(request: Schema<Req>): HandlerSpec<Req, Res> => ({ request });
}

/** Every backend call, named 'domain-verb'. Adding one here makes every transport and the backend implement it. */
export const contract = {
  'system-info': handler<SystemInfo>()(s.object({})),
};

/** Every backend → renderer event, named in the past tense, with its payload type. */
export interface Events {
  'run-status-changed': { runId: number; status: string; error: string | null };
  'run-progressed': { runId: number; step: number; total: number };
  'metrics-appended': {
    runId: number;
    points: { key: string; step: number; value: number | null; time: number }[];
  };
  'sample-ready': { runId: number; sampleId: number; step: number; kind: string };
  'checkpoint-saved': { runId: number; step: number };
}

export type HandlerName = keyof typeof contract;
export type RequestOf<N extends HandlerName> = Infer<(typeof contract)[N]['request']>;
export type ResponseOf<N extends HandlerName> = NonNullable<(typeof contract)[N]['response']>;
export type EventName = keyof Events;

/** The backend's side of the contract: one async function per handler. */
export type Handlers = { [N in HandlerName]: (request: RequestOf<N>) => Promise<ResponseOf<N>> };

/** The renderer's side: what IPC (preload) and HTTP transports both provide. */
export interface Transport {
  invoke<N extends HandlerName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>>;
  /** Subscribes to an event; returns its own unsubscribe. */
  listen<E extends EventName>(name: E, callback: (payload: Events[E]) => void): () => void;
}

export function isHandlerName(name: string): name is HandlerName {
  return Object.hasOwn(contract, name);
}

/** Validates an untrusted request for `name`; throws SchemaError naming the bad field. */
export function parseRequest<N extends HandlerName>(name: N, payload: unknown): RequestOf<N> {
  return contract[name].request.parse(payload) as RequestOf<N>;
}
