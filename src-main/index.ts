import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ipcChannels } from '#shared/api/bridge';
import { probeComputeBackends } from './backend/compute-backends';
import { dispatch } from './backend/dispatch';
import { saveExportWithDialog, type SaveDialogOptions } from './backend/export/save-as';
import { contentSecurityPolicy, contentTypeOf } from './backend/http/static-files';
import { dataDir } from './backend/paths';
import { safeStorageSealer } from './backend/remotes/sealer';
import { createBackendService } from './backend/service';
import {
  APP_SCHEME,
  appProtocolFile,
  isExternalAllowed,
  isRendererPage,
  RENDERER_URL,
} from './shell-policy';

const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const iconPath = fileURLToPath(new URL('../../resources/icon.png', import.meta.url));

// Before ready: app:// behaves like https (standard, secure origin, fetch for the wasm files).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** Only our own renderer page may call the backend. */
function fromOurRenderer(event: IpcMainInvokeEvent): boolean {
  return isRendererPage(event.senderFrame?.url ?? '');
}

/** Serves the built renderer on app://mdm/, with the CSP on every response. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appProtocolFile(rendererDir, request.url);
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!file || !body) return new Response('not found', { status: 404 });
    return new Response(body, {
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

/** Guards for every web contents the app ever creates (windows, devtools, anything a page opens). */
function guardWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalAllowed(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isRendererPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isRendererPage(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  // The CSP on anything else a page might load too (the app:// handler sets its own).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    });
  });
  // No camera, microphone, geolocation, notifications, clipboard reads… for any page.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'MDM Studio',
    icon: iconPath,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  void window.loadURL(RENDERER_URL);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  guardWebContents();
  serveRenderer();
  const home = dataDir();
  const service = createBackendService({
    dataDir: home,
    probeBackends: probeComputeBackends,
    trainsAllQueued: true,
    followStore: true,
    remotes: { follow: true, sealer: safeStorageSealer(safeStorage) },
  });
  const handlers = service.handlers('ipc');
  ipcMain.handle(ipcChannels.invoke, (event, name: unknown, request: unknown) => {
    if (!fromOurRenderer(event)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an unknown frame' } };
    }
    return dispatch(handlers, String(name), request);
  });
  const window = createWindow();
  // Exports go where the user picks in the save dialog: the request names the export, never a path.
  const saveDeps = {
    download: service.download,
    dataDir: home,
    downloadsDir: app.getPath('downloads'),
    ask: (options: SaveDialogOptions) => dialog.showSaveDialog(window, options),
  };
  ipcMain.handle(ipcChannels.saveExport, (event, request: unknown) =>
    fromOurRenderer(event)
      ? saveExportWithDialog(saveDeps, request)
      : { ok: false, error: { code: 'forbidden', message: 'IPC from an unknown frame' } },
  );
  service.events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcChannels.event, name, payload);
  });
  app.on('window-all-closed', () => {
    void service.close().then(() => app.quit());
  });
}

void start();
