import { z } from 'zod';
import { apiErrorSchema } from './envelope.js';

/**
 * Web-mode WebSocket framing: JSON text frames, typed arrays encoded as base64 so PCM and voice
 * bytes cross unchanged. Electron IPC does not need this (structured clone keeps typed arrays).
 */
export const clientMessageSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  args: z.unknown(),
});
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: z.number().int().nonnegative(),
    envelope: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: apiErrorSchema }),
    ]),
  }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

const TYPED_TAG = '$typed';
const typedArrays = { Float32Array, Int32Array, Uint8Array } as const;
type TypedName = keyof typeof typedArrays;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function typedName(value: unknown): TypedName | null {
  if (value instanceof Float32Array) return 'Float32Array';
  if (value instanceof Int32Array) return 'Int32Array';
  if (value instanceof Uint8Array) return 'Uint8Array';
  return null;
}

export function encodeWire(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) => {
    const name = typedName(value);
    if (name === null) return value;
    const view = value as Float32Array | Int32Array | Uint8Array;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    return { [TYPED_TAG]: name, data: toBase64(bytes) };
  });
}

function isTypedTag(value: unknown): value is { [TYPED_TAG]: TypedName; data: string } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const name = record[TYPED_TAG];
  return typeof name === 'string' && name in typedArrays && typeof record.data === 'string';
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (!isTypedTag(value)) return value;
    const bytes = fromBase64(value.data);
    const Ctor = typedArrays[value[TYPED_TAG]];
    // Copy into a fresh, aligned buffer: the decoded bytes start at offset 0 of their own buffer.
    return new Ctor(bytes.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  });
}
