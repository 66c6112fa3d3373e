import { app, BrowserWindow, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import { fileURLToPath } from 'node:url';
import { ipcChannels } from '#shared/api/bridge';
import { probeComputeBackends } from './backend/compute-backends';
import { dispatch } from './backend/dispatch';
import { contentSecurityPolicy } from './backend/http/static-files';
import { dataDir } from './backend/paths';
import { createBackendService } from './backend/service';

const rendererUrl = new URL('../renderer/index.html', import.meta.url).href;
const preloadPath = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const iconPath = fileURLToPath(new URL('../../resources/icon.png', import.meta.url));

/** Only our own renderer page may call the backend. */
function fromOurRenderer(event: IpcMainInvokeEvent): boolean {
  return event.senderFrame?.url.split(/[?#]/)[0] === rendererUrl;
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
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url.split(/[?#]/)[0] !== rendererUrl) event.preventDefault();
  });
  void window.loadURL(rendererUrl);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    });
  });
  const service = createBackendService({
    dataDir: dataDir(),
    probeBackends: probeComputeBackends,
    trainsAllQueued: true,
  });
  const handlers = service.handlers('ipc');
  ipcMain.handle(ipcChannels.invoke, (event, name: unknown, request: unknown) => {
    if (!fromOurRenderer(event)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an unknown frame' } };
    }
    return dispatch(handlers, String(name), request);
  });
  const window = createWindow();
  service.events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcChannels.event, name, payload);
  });
  app.on('window-all-closed', () => {
    void service.close().then(() => app.quit());
  });
}

void start();
