import type { MdmBridge } from '#shared/api/bridge';
import type { Transport } from '#shared/api/contract';
import { HttpTransport, IpcTransport } from './transports';

/**
 * IPC inside Electron, HTTP in a browser: `mdm serve` exchanged the URL's token for an HttpOnly
 * cookie on the page load, so the page itself never holds the token.
 */
function pickTransport(): Transport {
  const bridge = (window as { mdm?: MdmBridge }).mdm;
  return bridge ? new IpcTransport(bridge) : new HttpTransport(window.location.origin);
}

export const api: Transport = pickTransport();
