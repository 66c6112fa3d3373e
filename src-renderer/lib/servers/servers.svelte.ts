/** The remote servers as the UI knows them, kept current by 'server-status-changed'. */
import type { RunWithMetrics } from '#shared/api/runs';
import type { ServerInfo } from '#shared/api/servers';
import { api } from '../api';
import { errorText } from '../runs/actions';
import type { OnServer } from './ref';

class Servers {
  list: ServerInfo[] = $state([]);
  error: string | null = $state(null);
  /** Each remote's last runs page, shown (marked offline) while it cannot answer; plain data, not reactive (the table writes it while loading). */
  readonly lastPages: Record<string, { runs: OnServer<RunWithMetrics>[]; total: number }> = {};

  constructor() {
    api.listen('server-status-changed', (s) => {
      const rest = this.list.filter((x) => x.name !== s.name);
      this.list = s.removed
        ? rest
        : [...rest, { name: s.name, url: s.url, online: s.online, error: s.error }].sort((a, b) =>
            a.name.localeCompare(b.name),
          );
    });
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.list = await api.invoke('servers-list', {});
      this.error = null;
    } catch (e) {
      this.error = errorText(e);
    }
  }

  /** Offline until its stream is connected; unknown names too. */
  online(name: string): boolean {
    return this.list.some((s) => s.name === name && s.online);
  }

  /** Adds a remote once it answers; the token goes to the local backend and is never read back. */
  async add(name: string, url: string, token: string): Promise<void> {
    await api.invoke('servers-add', { name, url, token });
    await this.load();
  }

  async remove(name: string): Promise<void> {
    await api.invoke('servers-remove', { name });
    await this.load();
  }
}

export const servers = new Servers();
