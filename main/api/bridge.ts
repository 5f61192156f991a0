import type { Envelope } from './envelope.js';

/** Name of the one global the Electron preload exposes (`window.soundstorm`). */
export const PRELOAD_GLOBAL = 'soundstorm';

/**
 * The raw bridge both transports present to the renderer client, which validates everything
 * against the contract. In Electron the preload builds it; in web mode a WebSocket does.
 */
export interface RawBridge {
  invoke(method: string, args: unknown): Promise<Envelope<unknown>>;
  /** Returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}
