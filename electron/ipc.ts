import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { EventName, EventPayload } from '../main/api/contract.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../main/api/contract.js';
import { err } from '../main/api/envelope.js';
import type { Dispatch } from '../main/bridge/dispatch.js';
import { isAppUrl } from './protocol.js';

/**
 * Only our window's top frame, showing our own app:// page, may call the contract. Anything else
 * (a subframe, a navigated-away page, another webContents) is refused without dispatching.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  return (
    window !== null &&
    !window.isDestroyed() &&
    event.sender.id === window.webContents.id &&
    frame !== null &&
    frame === event.sender.mainFrame &&
    isAppUrl(frame.url)
  );
}

export function registerIpc(dispatch: Dispatch, currentWindow: () => BrowserWindow | null): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, method: unknown, args: unknown) => {
    if (!isTrustedSender(event, currentWindow())) {
      return err('FORBIDDEN', 'This page may not call SoundStorm Studio');
    }
    return dispatch(method, args);
  });
}

export function sendEvent<E extends EventName>(
  window: BrowserWindow | null,
  name: E,
  payload: EventPayload<E>,
): void {
  if (window === null || window.isDestroyed()) return;
  window.webContents.send(IPC_EVENT_CHANNEL, { name, payload });
}
