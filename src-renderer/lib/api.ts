import type { MdmBridge } from '#shared/api/bridge';
import type { Transport } from '#shared/api/contract';
import { HttpTransport, IpcTransport } from './transports';

/** The serve token arrives once in the URL; keep it for reloads and take it out of the address bar. */
function serveToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem('mdm-token', fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
    return fromUrl;
  }
  return sessionStorage.getItem('mdm-token') ?? '';
}

/** IPC inside Electron, HTTP in a browser. */
function pickTransport(): Transport {
  const bridge = (window as { mdm?: MdmBridge }).mdm;
  return bridge
    ? new IpcTransport(bridge)
    : new HttpTransport(window.location.origin, serveToken());
}

export const api: Transport = pickTransport();
