import { PRELOAD_GLOBAL, type RawBridge } from '../../main/api/bridge.js';
import { createApiClient, type ApiClient } from './client.js';
import { connectWebSocketBridge } from './ws-bridge.js';

/**
 * Picks the bridge that exists: the Electron preload's global, otherwise the web-mode socket.
 * The rest of the renderer only sees the typed client.
 */
export function connectApi(onDisconnect: () => void): ApiClient {
  const preload = (window as unknown as Record<string, RawBridge | undefined>)[PRELOAD_GLOBAL];
  const bridge = preload ?? connectWebSocketBridge(window.location, onDisconnect);
  return createApiClient(bridge);
}
