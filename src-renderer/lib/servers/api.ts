/** The contract on any server: the local backend's own, or a remote through its proxy (tokens stay there). */
import type {
  EventName,
  Events,
  HandlerName,
  RequestOf,
  ResponseOf,
  Transport,
} from '#shared/api/contract';
import type { Envelope } from '#shared/api/errors';
import { LOCAL_SERVER } from '#shared/api/servers';
import { api } from '../api';
import { unwrap } from '../transports';

/** A remote server's calls as `remote-invoke`, its events from `remote-event`, both through the local backend. */
class RemoteTransport implements Transport {
  constructor(private readonly server: string) {}

  async invoke<N extends HandlerName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
    const answer = await api.invoke('remote-invoke', { server: this.server, name, request });
    return unwrap<ResponseOf<N>>(answer as Envelope<unknown>);
  }

  listen<E extends EventName>(name: E, callback: (payload: Events[E]) => void): () => void {
    return api.listen('remote-event', (e) => {
      if (e.server === this.server && e.name === name) callback(e.payload as Events[E]);
    });
  }
}

const remotes = new Map<string, Transport>();

/** The transport of one server by name (`local` is this backend). */
export function serverApi(server: string): Transport {
  if (server === LOCAL_SERVER) return api;
  let transport = remotes.get(server);
  if (!transport) remotes.set(server, (transport = new RemoteTransport(server)));
  return transport;
}

/** Subscribes to an event of every server, local and remote, told which server sent it. */
export function listenEverywhere<E extends EventName>(
  name: E,
  callback: (payload: Events[E], server: string) => void,
): () => void {
  const offs = [
    api.listen(name, (payload) => callback(payload, LOCAL_SERVER)),
    api.listen('remote-event', (e) => {
      if (e.name === name) callback(e.payload as Events[E], e.server);
    }),
  ];
  return () => offs.forEach((off) => off());
}

/** Calls `callback` each time a remote server comes back online (views refetch what they missed). */
export function onServerBack(server: string, callback: () => void): () => void {
  if (server === LOCAL_SERVER) return () => {};
  return api.listen('server-status-changed', (s) => {
    if (s.name === server && s.online) callback();
  });
}
