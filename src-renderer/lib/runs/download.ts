/** Run exports that reach the user: a browser download in served mode, the save dialog in the app. */
import type { MdmBridge } from '#shared/api/bridge';
import {
  attachmentName,
  downloadUrl,
  type DownloadOutcome,
  type RunDownload,
} from '#shared/api/downloads';
import type { Envelope } from '#shared/api/errors';
import { MdmError } from '#shared/errors';

/** Fetches the export (the session cookie authenticates) and hands it to the browser as a download. */
async function browserDownload(request: RunDownload): Promise<DownloadOutcome> {
  const response = await fetch(downloadUrl(request), { credentials: 'same-origin' });
  if (!response.ok) {
    const envelope = (await response.json()) as Envelope<unknown>;
    throw envelope.ok
      ? new MdmError('internal', response.statusText)
      : MdmError.from(envelope.error);
  }
  const name =
    attachmentName(response.headers.get('Content-Disposition')) ?? `run-${request.runId}-export`;
  const url = URL.createObjectURL(await response.blob());
  try {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = name;
    anchor.click();
  } finally {
    // After the click has started the download: revoking at once can cancel it in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return { kind: 'downloaded', name };
}

/** Saves through the main process's dialog; null path: the user cancelled. */
async function saveInApp(bridge: MdmBridge, request: RunDownload): Promise<DownloadOutcome> {
  const envelope = await bridge.saveExport(request);
  if (!envelope.ok) throw MdmError.from(envelope.error);
  const { path } = envelope.result;
  return path === null ? { kind: 'cancelled' } : { kind: 'saved', path };
}

const bridge = (): MdmBridge | undefined => (window as { mdm?: MdmBridge }).mdm;

/** What the export buttons are called here: the app saves through a dialog, a browser downloads. */
export const exportVerb = (): 'Save' | 'Download' => (bridge() ? 'Save' : 'Download');

/** One export of a run to the user's machine, whichever way this page runs. */
export function downloadExport(request: RunDownload): Promise<DownloadOutcome> {
  const app = bridge();
  return app ? saveInApp(app, request) : browserDownload(request);
}

/** What the page says after an export. */
export function outcomeText(outcome: DownloadOutcome): string {
  switch (outcome.kind) {
    case 'downloaded':
      return `Downloaded ${outcome.name}`;
    case 'saved':
      return `Saved ${outcome.path}`;
    case 'cancelled':
      return 'Not saved.';
  }
}
