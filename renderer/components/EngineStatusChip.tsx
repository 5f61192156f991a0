import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { EngineStatus } from '../../main/api/schemas.js';
import { useStudio } from '../state/studio.js';
import type { ConnectionState } from '../state/types.js';

type ChipColor = 'default' | 'success' | 'warning' | 'error' | 'info';

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

/** App bar chip: pack, execution provider and worker state; the tooltip says why. */
export function EngineStatusChip() {
  const connection = useStudio((s) => s.connection);
  const engine = useStudio((s) => s.engine);
  const { label, color, detail } = describeEngine(connection, engine);
  return (
    <Tooltip title={detail || label}>
      <Chip data-testid="engine-status" size="small" color={color} label={label} variant="outlined" />
    </Tooltip>
  );
}
