/**
 * What the Electron shell lets its windows do, as pure functions (no Electron import) so unit tests
 * can hold them: which pages are ours, which links may open in the user's browser, which renderer
 * file an app:// request names.
 */
import { resolveInside } from './backend/confine';

/** The renderer's own scheme and host: app://mdm/index.html, instead of file:// (no file system origin). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mdm';
export const RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Hosts whose https:// pages a link in the app may open in the user's browser; nothing else leaves. */
export const EXTERNAL_HOSTS: readonly string[] = ['openreview.net', 'arxiv.org', 'github.com'];

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** Whether `raw` may go to shell.openExternal: plain https on an allowlisted host, no credentials or port. */
export function isExternalAllowed(raw: string): boolean {
  const url = parse(raw);
  return (
    url !== null &&
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    EXTERNAL_HOSTS.includes(url.hostname)
  );
}

/** Whether `raw` is our renderer page (any query or hash): the only place windows may navigate or redirect to, and the only IPC sender. */
export function isRendererPage(raw: string): boolean {
  const url = parse(raw);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST &&
    url.pathname === '/index.html'
  );
}

/** The file under `root` (the built renderer) an app:// request names, or null (404): other hosts, bad escapes, paths leaving root. */
export function appProtocolFile(root: string, raw: string): string | null {
  const url = parse(raw);
  if (url === null || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  try {
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    return resolveInside(root, relative === '' ? 'index.html' : relative, 'renderer file');
  } catch {
    return null;
  }
}
