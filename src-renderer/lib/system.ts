/** system-info asked once per page (the backend probe asks the GPU driver) and shared by the views that need it. */
import type { SystemInfo } from '#shared/api/system';
import { api } from './api';

let asked: Promise<SystemInfo> | null = null;

/** The backend's system info; a failed call is asked again next time. */
export function systemInfo(): Promise<SystemInfo> {
  asked ??= api.invoke('system-info', {}).catch((error: unknown) => {
    asked = null;
    throw error;
  });
  return asked;
}
