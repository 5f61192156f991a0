import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useStudio } from '../state/studio.js';
import { describeEngine } from '../state/engine-label.js';

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
