import type { Handlers } from '../../src-shared/api/contract';
import type { SystemInfo } from '../../src-shared/api/system';
import { EventBus } from './events';
import { systemInfo, type BackendReport } from './system-info';

export interface BackendOptions {
  dataDir: string;
  probeBackends: () => Promise<BackendReport>;
}

/** The Electron-free backend behind the app, the CLI and `mdm serve`: handlers plus the event bus. */
export interface BackendService {
  events: EventBus;
  /** The contract's handlers as seen through one transport (system-info reports which). */
  handlers(transport: SystemInfo['transport']): Handlers;
  close(): Promise<void>;
}

export function createBackendService(options: BackendOptions): BackendService {
  const events = new EventBus();
  return {
    events,
    handlers: (transport) => ({
      'system-info': () => systemInfo(options.dataDir, transport, options.probeBackends),
    }),
    close: async () => {},
  };
}
