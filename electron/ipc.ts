import { ipcMain, type BrowserWindow } from 'electron';
import type { EventName, EventPayload } from '../main/api/contract.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../main/api/contract.js';
import { err } from '../main/api/envelope.js';
import type { Dispatch } from '../main/bridge/dispatch.js';
import { isTrustedSender } from './sender-check.js';

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
