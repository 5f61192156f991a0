import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isAppUrl(url: string): boolean {
  try {
    // Node reports origin "null" for custom schemes, so compare the parts.
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;
type Window = Pick<BrowserWindow, 'isDestroyed' | 'webContents'>;

/**
 * Only our window's top frame, showing our own app:// page, may call the contract. Anything else
 * (a subframe, a navigated-away page, another webContents) is refused without dispatching.
 */
export function isTrustedSender(event: SenderEvent, window: Window | null): boolean {
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
