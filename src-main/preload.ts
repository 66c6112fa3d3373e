import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels, type MdmBridge } from '#shared/api/bridge';
import type { EventName } from '#shared/api/contract';
import type { Envelope } from '#shared/api/errors';

/** The only object the sandboxed renderer sees: invoke a handler, listen to an event, save an export. */
const bridge = {
  invoke: (name, request) =>
    ipcRenderer.invoke(ipcChannels.invoke, name, request) as Promise<Envelope<unknown>>,
  listen: (name, callback) => {
    const forward = (_event: IpcRendererEvent, eventName: EventName, payload: unknown) => {
      if (eventName === name) callback(payload as Parameters<typeof callback>[0]);
    };
    ipcRenderer.on(ipcChannels.event, forward);
    return () => {
      ipcRenderer.off(ipcChannels.event, forward);
    };
  },
  saveExport: (request) =>
    ipcRenderer.invoke(ipcChannels.saveExport, request) as Promise<
      Envelope<{ path: string | null }>
    >,
} satisfies MdmBridge;

contextBridge.exposeInMainWorld('mdm', bridge);
