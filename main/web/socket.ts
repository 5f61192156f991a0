import type { WebSocket, RawData } from 'ws';
import { clientMessageSchema, decodeWire, encodeWire, type ServerMessage } from '../api/wire.js';
import type { Dispatch } from '../bridge/dispatch.js';

/** Largest frame accepted from the page: a 30 s voice sample as WAV, base64-encoded, with room. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(encodeWire(message));
}

/** Answers every `invoke` frame with a `result` frame carrying the dispatcher's envelope. */
export function serveSocket(socket: WebSocket, dispatch: Dispatch): void {
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      socket.close(1003, 'text frames only');
      return;
    }
    let message;
    try {
      message = clientMessageSchema.parse(decodeWire(rawToString(data)));
    } catch {
      socket.close(1007, 'malformed message');
      return;
    }
    const { id, method, args } = message;
    void dispatch(method, args).then((envelope) => {
      send(socket, { type: 'result', id, envelope });
    });
  });
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
