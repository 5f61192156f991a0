import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { Turn } from '../../main/project/document/index.js';
import type { TurnRender } from '../state/types.js';

const LABELS = { empty: 'Not rendered', ready: 'Ready', stale: 'Stale', failed: 'Failed' } as const;
const COLOURS = { empty: 'default', ready: 'success', stale: 'warning', failed: 'error' } as const;

/** empty / rendering n% / ready / stale / failed, the reason on hover. */
export function TurnStateChip({ turn, render }: { turn: Turn; render: TurnRender | undefined }) {
  if (render !== undefined)
    return (
      <Chip
        size="small"
        color="info"
        variant="outlined"
        label={`Rendering ${Math.round(render.fraction * 100)}%`}
      />
    );
  const state = turn.state === 'rendering' ? 'empty' : turn.state;
  const hint =
    state === 'stale'
      ? 'The text or options changed since this take: regenerate it'
      : state === 'failed'
        ? (turn.error ?? 'Rendering failed')
        : LABELS[state];
  return (
    <Tooltip title={hint}>
      <Chip
        data-testid="turn-state"
        size="small"
        color={COLOURS[state]}
        variant="outlined"
        label={LABELS[state]}
      />
    </Tooltip>
  );
}
