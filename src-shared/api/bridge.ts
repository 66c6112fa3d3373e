import type { EventName, Events, HandlerName } from './contract';
import type { RunDownload } from './downloads';
import type { Envelope } from './errors';

/** What the preload exposes as `window.mdm` through contextBridge: untyped names, typed by lib/api.ts. */
export interface MdmBridge {
  invoke(name: HandlerName, request: unknown): Promise<Envelope<unknown>>;
  listen<E extends EventName>(name: E, callback: (payload: Events[E]) => void): () => void;
  /** Asks where to save a run export (the main process's save dialog) and writes it; path null: cancelled. */
  saveExport(request: RunDownload): Promise<Envelope<{ path: string | null }>>;
}

/** IPC channel names shared by main and preload. */
export const ipcChannels = {
  invoke: 'mdm:invoke',
  event: 'mdm:event',
  saveExport: 'mdm:save-export',
} as const;
