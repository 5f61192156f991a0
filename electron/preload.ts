/**
 * The one object the sandboxed renderer gets: `window.soundstorm` = { invoke, on }. It accepts
 * only the contract's method and event names and never hands Electron objects to the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { RawBridge } from '../main/api/bridge.js';
import { PRELOAD_GLOBAL } from '../main/api/bridge.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, isEventName, isMethodName } from '../main/api/contract.js';
import { err, type Envelope } from '../main/api/envelope.js';
import { ErrorCodes } from '../main/api/errors.js';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: { name?: unknown; payload?: unknown }) => {
  if (!isEventName(message.name)) return;
  for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
});

const bridge: RawBridge = {
  invoke(method, args): Promise<Envelope<unknown>> {
    if (!isMethodName(method)) {
      return Promise.resolve(err(ErrorCodes.UnknownMethod, `No method named ${String(method)}`));
    }
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, args) as Promise<Envelope<unknown>>;
  },
  on(event, listener) {
    if (!isEventName(event) || typeof listener !== 'function') return () => undefined;
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, bridge);
