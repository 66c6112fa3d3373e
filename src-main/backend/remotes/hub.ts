import type { HandlerName, Handlers } from '#shared/api/contract';
import { isHandlerName } from '#shared/api/contract';
import { LOCAL_SERVER, type ServerInfo } from '#shared/api/servers';
import { errorPayload, MdmError } from '#shared/errors';
import { attachmentName, downloadUrl, type RunDownload } from '#shared/api/downloads';
import type { Envelope } from '#shared/api/errors';
import type { EventBus } from '../events';
import type { ExportFile } from '../export/run-export';
import { callRemote } from './client';
import { fetchFailure, RemoteFeed } from './feed';
import {
  readRemotes,
  removeRemote,
  requireRemote,
  saveRemote,
  type Remote,
  type TokenSealer,
} from './registry';

export interface RemoteHubOptions {
  dataDir: string;
  events: EventBus;
  /** Follow every remote's event stream (the app and `mdm serve`); the CLI only calls. */
  follow: boolean;
  sealer?: TokenSealer;
  /** Wait between reconnects of a dropped event stream (default 1 s). */
  retryMs?: number;
}

/** A remote's events about its own remotes stay there. */
const ECHO = new Set<string>(['remote-event', 'server-status-changed']);

/** How long a remote export may take to arrive (weights are the largest). */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/** Handlers a remote is never asked for through this one: no chains of proxies, no remote registries. */
const NOT_PROXIED = new Set<string>([
  'remote-invoke',
  'servers-list',
  'servers-add',
  'servers-remove',
]);

export type RemoteHandlerName = 'servers-list' | 'servers-add' | 'servers-remove' | 'remote-invoke';
type HubHandlers = Pick<Handlers, RemoteHandlerName>;

/**
 * The local backend's side of remote servers: the registry (tokens stay here, never sent to the
 * renderer), one event feed per remote forwarded as 'remote-event', its status as
 * 'server-status-changed', and contract calls proxied with the remote's own token.
 */
export class RemoteHub {
  private readonly feeds = new Map<string, { feed: RemoteFeed; error: string | null }>();

  constructor(private readonly options: RemoteHubOptions) {
    if (options.follow) for (const remote of this.remotes()) this.follow(remote);
  }

  handlers(): HubHandlers {
    return {
      'servers-list': async () => Promise.all(this.remotes().map((r) => this.info(r))),
      'servers-add': async ({ name, url, token }) => {
        const candidate = { name, url: url.replace(/\/$/, ''), token };
        await callRemote(candidate, 'runs-list', { limit: 1 });
        const saved = saveRemote(this.options.dataDir, candidate, this.options.sealer);
        this.unfollow(saved.name);
        if (this.options.follow) this.follow(saved);
        return this.info(saved);
      },
      'servers-remove': async ({ name }) => {
        const removed = removeRemote(this.options.dataDir, name);
        if (removed) {
          this.unfollow(name);
          this.options.events.emit('server-status-changed', {
            name,
            url: '',
            online: false,
            error: null,
            removed: true,
          });
        }
        return { removed };
      },
      'remote-invoke': async ({ server, name, request }) => {
        if (!isHandlerName(name) || NOT_PROXIED.has(name))
          throw new MdmError('invalid', `name: '${name}' is not a handler a remote server answers`);
        const remote = this.remote(server);
        try {
          return { ok: true, result: await callRemote(remote, name as HandlerName, request) };
        } catch (error) {
          return { ok: false, error: errorPayload(error) };
        }
      },
    };
  }

  /** A remote run's export, fetched with the remote's token; named after the server so it does not pass for a local run's. */
  async download(server: string, request: RunDownload): Promise<ExportFile> {
    const remote = this.remote(server);
    const response = await fetch(`${remote.url}${downloadUrl(request)}`, {
      headers: { Authorization: `Bearer ${remote.token}` },
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    }).catch((error: unknown) => {
      throw new MdmError('unavailable', `server ${server} is offline: ${fetchFailure(error)}`);
    });
    if (!response.ok) {
      const envelope = (await response.json().catch(() => null)) as Envelope<unknown> | null;
      if (envelope && !envelope.ok)
        throw new MdmError(envelope.error.code, `server ${server}: ${envelope.error.message}`);
      throw new MdmError('unavailable', `server ${server} answered ${response.status}`);
    }
    const name = attachmentName(response.headers.get('Content-Disposition'));
    return {
      name: `${server}-${name ?? `run-${request.runId}-${request.what}`}`,
      contentType: response.headers.get('Content-Type') ?? 'application/octet-stream',
      chunks: [new Uint8Array(await response.arrayBuffer())],
    };
  }

  close(): void {
    for (const name of [...this.feeds.keys()]) this.unfollow(name);
  }

  private remotes(): Remote[] {
    return readRemotes(this.options.dataDir, this.options.sealer);
  }

  private remote(name: string): Remote {
    if (name === LOCAL_SERVER)
      throw new MdmError('invalid', `server: '${LOCAL_SERVER}' is this one, not a remote`);
    return requireRemote(this.options.dataDir, name, this.options.sealer);
  }

  /** Online from its feed when followed, else from a call. */
  private async info(remote: Remote): Promise<ServerInfo> {
    const followed = this.feeds.get(remote.name);
    if (followed)
      return {
        name: remote.name,
        url: remote.url,
        online: followed.feed.connected,
        error: followed.feed.connected ? null : (followed.error ?? 'connecting'),
      };
    try {
      await callRemote(remote, 'runs-list', { limit: 1 });
      return { name: remote.name, url: remote.url, online: true, error: null };
    } catch (error) {
      return { name: remote.name, url: remote.url, online: false, error: (error as Error).message };
    }
  }

  private follow(remote: Remote): void {
    const { events } = this.options;
    const entry: { feed: RemoteFeed; error: string | null } = {
      error: null,
      feed: new RemoteFeed(
        remote,
        {
          event: (name, payload) => {
            // Only the remote's own events: servers that follow each other must not echo forever.
            if (ECHO.has(name)) return;
            events.emit('remote-event', { server: remote.name, name, payload });
          },
          status: (online, error) => {
            entry.error = error;
            events.emit('server-status-changed', {
              name: remote.name,
              url: remote.url,
              online,
              error,
            });
          },
        },
        this.options.retryMs,
      ),
    };
    this.feeds.set(remote.name, entry);
  }

  private unfollow(name: string): void {
    this.feeds.get(name)?.feed.stop();
    this.feeds.delete(name);
  }
}
