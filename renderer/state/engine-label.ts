import type { EngineStatus } from '../../main/api/schemas.js';
import type { ConnectionState } from './types.js';

export type ChipColor = 'default' | 'success' | 'warning' | 'error' | 'info';

/** Chip label, colour and tooltip for the engine state; the tooltip says why. */
export function describeEngine(
  connection: ConnectionState,
  engine: EngineStatus | null,
): { label: string; color: ChipColor; detail: string } {
  if (connection === 'disconnected') {
    return { label: 'Disconnected', color: 'error', detail: 'Lost the connection to the app' };
  }
  if (engine === null) return { label: 'Connecting…', color: 'default', detail: 'Asking the engine' };
  const provider = engine.provider.active ? ` · ${engine.provider.active.toUpperCase()}` : '';
  const pack = engine.pack ? ` · ${engine.pack.name}` : '';
  const skipped = engine.provider.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  const detail = [engine.message, skipped && `Skipped ${skipped}`].filter(Boolean).join(' — ');
  switch (engine.worker) {
    case 'ready':
      return { label: `Ready${pack}${provider}`, color: 'success', detail };
    case 'busy':
      return { label: `Rendering (${engine.pendingJobs})${provider}`, color: 'info', detail };
    case 'starting':
    case 'loading':
      return { label: 'Loading engine…', color: 'warning', detail };
    case 'unavailable':
      return { label: 'Engine unavailable', color: 'error', detail };
    case 'failed':
      return { label: 'Engine failed', color: 'error', detail };
    case 'stopped':
      return { label: 'Engine stopped', color: 'default', detail };
  }
}
