import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RawBridge } from '../../../main/api/bridge.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../main/api/contract.js';

// The preload runs against a stand-in for Electron's two modules it uses.
const exposed: { key: string; api: unknown }[] = [];
const invoke = vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: 'from main' }));
const ipcListeners = new Map<string, (event: unknown, message: unknown) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }) },
  ipcRenderer: {
    invoke,
    on: (channel: string, listener: (event: unknown, message: unknown) => void) =>
      ipcListeners.set(channel, listener),
  },
}));

let bridge: RawBridge;
beforeAll(async () => {
  await import('../../../electron/preload.js');
  bridge = exposed[0]?.api as RawBridge;
});

describe('preload', () => {
  it('exposes exactly one object, window.soundstorm, with invoke and on', () => {
    expect(exposed.map((e) => e.key)).toEqual(['soundstorm']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards contract methods on its own channel and refuses anything else', async () => {
    await expect(bridge.invoke('app.ping', { nonce: 'n' })).resolves.toEqual({
      ok: true,
      value: 'from main',
    });
    expect(invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, 'app.ping', { nonce: 'n' });
    invoke.mockClear();
    await expect(bridge.invoke('shell.openExternal', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('delivers contract events to listeners, never the IPC event object, and unsubscribes', () => {
    const seen: unknown[] = [];
    const stop = bridge.on('job.progress', (payload) => seen.push(payload));
    const deliver = ipcListeners.get(IPC_EVENT_CHANNEL);
    deliver?.({ sender: 'secret' }, { name: 'job.progress', payload: { fraction: 0.5 } });
    deliver?.({ sender: 'secret' }, { name: 'not.an.event', payload: 1 });
    stop();
    deliver?.({ sender: 'secret' }, { name: 'job.progress', payload: { fraction: 1 } });
    expect(seen).toEqual([{ fraction: 0.5 }]);
    expect(bridge.on('not.an.event', () => undefined)()).toBeUndefined();
  });
});
