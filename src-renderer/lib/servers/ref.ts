/** Qualified run references: a run of a remote server is `server:id`, a local run its bare id. */
import { LOCAL_SERVER } from '#shared/api/servers';

export interface RunRef {
  server: string;
  id: number;
}

/** `12` for a local run, `gpu:12` for run 12 of the remote server gpu (routes, table keys, test ids). */
export function refKey(ref: RunRef): string {
  return ref.server === LOCAL_SERVER ? String(ref.id) : `${ref.server}:${ref.id}`;
}

/** Parses what refKey prints; anything else is null. */
export function parseRef(text: string): RunRef | null {
  const match = /^(?:([\w.-]{1,64}):)?(\d{1,15})$/.exec(text);
  if (!match) return null;
  const id = Number(match[2]);
  if (id < 1) return null;
  return { server: match[1] ?? LOCAL_SERVER, id };
}

/** A run as the merged views hold it: with its server and its key. */
export type OnServer<R extends { id: number }> = R & { server: string; key: string };

export function onServer<R extends { id: number }>(server: string, run: R): OnServer<R> {
  return { ...run, server, key: refKey({ server, id: run.id }) };
}
