import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSender } from '../../../electron/sender-check.js';

type Args = Parameters<typeof isTrustedSender>;

function scene(url = 'app://studio/index.html') {
  const mainFrame = { url };
  const webContents = { id: 1, mainFrame };
  const window = { isDestroyed: () => false, webContents } as unknown as NonNullable<Args[1]>;
  const event = { sender: webContents, senderFrame: mainFrame } as unknown as Args[0];
  return { event, window, mainFrame, webContents };
}

describe('Electron IPC sender check', () => {
  it('trusts our window top frame on app://studio', () => {
    const { event, window } = scene();
    expect(isTrustedSender(event, window)).toBe(true);
  });

  it('refuses other pages, subframes, other webContents and closed windows', () => {
    const navigated = scene('https://example.com/');
    expect(isTrustedSender(navigated.event, navigated.window)).toBe(false);

    const sub = scene();
    const subframe = { ...sub.event, senderFrame: { url: 'app://studio/index.html' } } as unknown as Args[0];
    expect(isTrustedSender(subframe, sub.window)).toBe(false);

    const other = scene();
    const otherContents = {
      ...other.event,
      sender: { id: 2, mainFrame: other.mainFrame },
    } as unknown as Args[0];
    expect(isTrustedSender(otherContents, other.window)).toBe(false);

    const closed = scene();
    const closedWindow = { ...closed.window, isDestroyed: () => true } as unknown as Args[1];
    expect(isTrustedSender(closed.event, closedWindow)).toBe(false);
    expect(isTrustedSender(closed.event, null)).toBe(false);
  });

  it('recognises only the app origin', () => {
    expect(isAppUrl('app://studio/assets/index.js')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///app/studio/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
