import { err, type Envelope } from '../../main/api/envelope.js';
import { ErrorCodes } from '../../main/api/errors.js';
import type { RawBridge } from '../../main/api/bridge.js';
import { decodeWire, encodeWire, serverMessageSchema } from '../../main/api/wire.js';

type Pending = (envelope: Envelope<unknown>) => void;

/**
 * Web-mode bridge: one WebSocket to the page's own origin, authenticated by the token the
 * server put in the page URL. Calls made while connecting wait for the socket to open.
 */
export function connectWebSocketBridge(location: Location, onClose: () => void): RawBridge {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`);
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => resolve(true), { once: true });
    socket.addEventListener('close', () => resolve(false), { once: true });
  });
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (typeof event.data !== 'string') return;
    const parsed = serverMessageSchema.safeParse(decodeWire(event.data));
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'result') {
      const { envelope } = message;
      pending.get(message.id)?.(envelope.ok ? { ok: true, value: envelope.value } : envelope);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve(err(ErrorCodes.Disconnected, 'The connection to SoundStorm Studio closed'));
    }
    pending.clear();
    onClose();
  });

  return {
    async invoke(method, args) {
      if (!(await opened) || socket.readyState !== WebSocket.OPEN) {
        return err(ErrorCodes.Disconnected, 'Not connected to SoundStorm Studio (reload the page)');
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(encodeWire({ type: 'invoke', id, method, args }));
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
